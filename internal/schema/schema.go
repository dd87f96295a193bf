// Package schema provides the compiled OCSF HTTP Activity class of each OCSF
// version alb2ocsf writes, and validates events against it.
//
// The facts files ocsf-<version>.json are generated from the official schema
// source files by ./gen and embedded in the binary, so nothing is read at run
// time. A Schema is immutable and safe for concurrent use.
package schema

//go:generate go run ./gen -schema ../../../shared/ocsf-schema/1.8.0 -out ocsf-1.8.0.json
//go:generate go run ./gen -schema ../../../shared/ocsf-schema/1.1.0 -out ocsf-1.1.0.json

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed ocsf-1.8.0.json ocsf-1.1.0.json
var factsFiles embed.FS

// DefaultVersion is the OCSF version written when none is chosen.
const DefaultVersion = "1.8.0"

// Versions returns the OCSF versions that Load accepts, the default first.
func Versions() []string {
	return []string{"1.8.0", "1.1.0"}
}

// Schema is the compiled HTTP Activity class of one OCSF version.
type Schema struct {
	facts *Facts

	// regexes contains the compiled pattern of each dictionary type whose
	// pattern Go's regexp package accepts.
	regexes map[string]*regexp.Regexp

	// sortedNames caches the attribute names of each object in sorted order,
	// keyed by the object's owner name, and paths caches joined warning paths,
	// so that validating a row does not sort or concatenate the same names again.
	sortedNames sync.Map // owner name -> []string
	paths       sync.Map // [2]string{parent, name} -> string
}

// namesOf returns the sorted attribute names of an object, computed once.
func (s *Schema) namesOf(owner string, attrs map[string]*Attribute) []string {
	if names, ok := s.sortedNames.Load(owner); ok {
		return names.([]string)
	}
	names := slices.Sorted(maps.Keys(attrs))
	s.sortedNames.Store(owner, names)
	return names
}

// joinCached returns parent.name, reusing the string for a pair seen before.
// Use it for paths without array indexes, whose number is bounded by the schema.
func (s *Schema) joinCached(parent, name string) string {
	key := [2]string{parent, name}
	if p, ok := s.paths.Load(key); ok {
		return p.(string)
	}
	p := join(parent, name)
	s.paths.Store(key, p)
	return p
}

var (
	loadMu sync.Mutex
	loaded = map[string]*Schema{}
)

// Load returns the schema of an OCSF version listed by Versions. Repeated calls
// return the same *Schema.
func Load(version string) (*Schema, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	if s, ok := loaded[version]; ok {
		return s, nil
	}
	data, err := factsFiles.ReadFile("ocsf-" + version + ".json")
	if err != nil {
		return nil, fmt.Errorf("load OCSF schema %q: unsupported version (supported: %s)",
			version, strings.Join(Versions(), ", "))
	}
	var facts Facts
	if err := json.Unmarshal(data, &facts); err != nil {
		return nil, fmt.Errorf("decode OCSF schema %s: %w", version, err)
	}
	if facts.Version != version || facts.Class.Attributes == nil {
		return nil, fmt.Errorf("load OCSF schema %s: embedded facts file is incomplete; run go generate ./internal/schema", version)
	}
	s := &Schema{facts: &facts, regexes: compileRegexes(facts.Types)}
	loaded[version] = s
	return s, nil
}

// compileRegexes compiles the types' patterns. A pattern that Go's RE2 syntax
// rejects is left out, so that type's values are not checked against it.
func compileRegexes(types map[string]*Type) map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for name, t := range types {
		if t.Regex == "" {
			continue
		}
		if re, err := regexp.Compile(t.Regex); err == nil {
			out[name] = re
		}
	}
	return out
}

// Version returns the OCSF version, such as "1.8.0".
func (s *Schema) Version() string { return s.facts.Version }

// ClassUID returns the class uid, 4002 for HTTP Activity.
func (s *Schema) ClassUID() int { return s.facts.Class.UID }

// ClassName returns the class caption, "HTTP Activity".
func (s *Schema) ClassName() string { return s.facts.Class.Caption }

// Category returns the category of the class (uid 4, "Network Activity").
func (s *Schema) Category() Category { return s.facts.Class.Category }

// Facts returns the compiled facts. Callers must not modify them.
func (s *Schema) Facts() *Facts { return s.facts }

// Attribute returns the attribute at a dotted path such as
// "http_request.url.port". Array attributes are stepped through without an
// index: "observables.type_id".
func (s *Schema) Attribute(path string) (*Attribute, bool) {
	attrs := s.facts.Class.Attributes
	names := strings.Split(path, ".")
	for i, name := range names {
		attr, ok := attrs[name]
		if !ok {
			return nil, false
		}
		if i == len(names)-1 {
			return attr, true
		}
		obj, ok := s.facts.Objects[attr.Type]
		if !ok {
			return nil, false
		}
		attrs = obj.Attributes
	}
	return nil, false
}

// Caption returns the caption of an integer enum member, such as
// Caption("activity_id", 3) = "Get". It returns false when the attribute does
// not exist or has no such member.
func (s *Schema) Caption(path string, id int) (string, bool) {
	return s.EnumCaption(path, strconv.Itoa(id))
}

// EnumCaption returns the caption of the enum member written as value, such as
// EnumCaption("http_request.http_method", "GET") = "Get".
func (s *Schema) EnumCaption(path, value string) (string, bool) {
	attr, ok := s.Attribute(path)
	if !ok {
		return "", false
	}
	caption, ok := attr.Enum[value]
	return caption, ok
}

// ObservableCaption returns the caption of an observable type_id, such as
// ObservableCaption(2) = "IP Address". It returns false for a type_id that
// this OCSF version does not define.
func (s *Schema) ObservableCaption(typeID int) (string, bool) {
	return s.Caption("observables.type_id", typeID)
}
