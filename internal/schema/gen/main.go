// Command gen compiles one OCSF event class from the schema's source files into
// the facts file that package schema embeds.
//
// Usage:
//
//	go run ./internal/schema/gen -schema DIR -out FILE [-class NAME]
//
// DIR is an OCSF schema source tree (dictionary.json, categories.json, events/,
// objects/, profiles/ and, up to 1.2.0, includes/). The compilation follows the
// rules of the OCSF compiler (ocsf-lib-py): $include, then extends, then the
// dictionary, then the datetime profile's *_dt attributes and the observable
// type_id enum. Only the objects that the class reaches are written.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

func main() {
	schemaDir := flag.String("schema", "", "OCSF schema source directory (contains dictionary.json)")
	out := flag.String("out", "", "output facts file")
	className := flag.String("class", "http_activity", "name of the event class to compile")
	flag.Parse()
	if *schemaDir == "" || *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*schemaDir, *out, *className); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaDir, out, className string) error {
	c, err := newCompiler(schemaDir)
	if err != nil {
		return err
	}
	facts, err := c.compile(className)
	if err != nil {
		return err
	}
	data, err := encodeFacts(facts)
	if err != nil {
		return err
	}
	return writeFileAtomic(out, data)
}

// encodeFacts returns facts as indented JSON with sorted map keys, so that the
// same schema always yields the same bytes.
func encodeFacts(facts *schema.Facts) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(facts); err != nil {
		return nil, fmt.Errorf("encode facts: %w", err)
	}
	return buf.Bytes(), nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it,
// so that a failed run never leaves a truncated facts file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	_, writeErr := tmp.Write(data)
	chmodErr := tmp.Chmod(0o644)
	closeErr := tmp.Close()
	if err := errors.Join(writeErr, chmodErr, closeErr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("rename %s: %w", tmp.Name(), err)
	}
	return nil
}
