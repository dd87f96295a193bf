package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// definition is a decoded schema source file (an event, object, profile or
// include file) before or after compilation.
type definition = map[string]any

// source reads the files of one schema tree and resolves $include and extends.
type source struct {
	dir string

	// events and objects map a definition name to its path relative to dir.
	// The name is the file's "name" field, which for objects equals the
	// file name without ".json".
	events  map[string]string
	objects map[string]string

	resolved map[string]definition
	visiting map[string]bool
}

func newSource(dir string) (*source, error) {
	s := &source{
		dir:      dir,
		events:   map[string]string{},
		objects:  map[string]string{},
		resolved: map[string]definition{},
		visiting: map[string]bool{},
	}
	if err := s.index("events", s.events); err != nil {
		return nil, err
	}
	if err := s.index("objects", s.objects); err != nil {
		return nil, err
	}
	return s, nil
}

// index maps the "name" of every JSON file under dir/sub to its relative path.
func (s *source) index(sub string, names map[string]string) error {
	root := filepath.Join(s.dir, sub)
	return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("list %s: %w", root, err)
		}
		if d.IsDir() || filepath.Ext(path) != ".json" {
			return nil
		}
		rel, err := filepath.Rel(s.dir, path)
		if err != nil {
			return fmt.Errorf("locate %s: %w", path, err)
		}
		def, err := s.read(rel)
		if err != nil {
			return err
		}
		name, _ := def["name"].(string)
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(path), ".json")
		}
		names[name] = rel
		return nil
	})
}

// read decodes the JSON file at rel, a path relative to the schema directory.
func (s *source) read(rel string) (definition, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, rel))
	if err != nil {
		return nil, fmt.Errorf("read schema file: %w", err)
	}
	var def definition
	if err := json.Unmarshal(data, &def); err != nil {
		return nil, fmt.Errorf("decode %s: %w", rel, err)
	}
	return def, nil
}

// resolve returns the file at rel with its $include files merged into its
// attributes and its extends chain merged into the whole definition. The
// returned definition is shared: callers must not modify it.
func (s *source) resolve(rel string) (definition, error) {
	if def, ok := s.resolved[rel]; ok {
		return def, nil
	}
	if s.visiting[rel] {
		return nil, fmt.Errorf("resolve %s: cycle in $include or extends", rel)
	}
	s.visiting[rel] = true
	defer delete(s.visiting, rel)

	def, err := s.read(rel)
	if err != nil {
		return nil, err
	}
	if err := s.applyIncludes(def); err != nil {
		return nil, fmt.Errorf("resolve %s: %w", rel, err)
	}
	if err := s.applyExtends(rel, def); err != nil {
		return nil, fmt.Errorf("resolve %s: %w", rel, err)
	}
	s.resolved[rel] = def
	return def, nil
}

// applyIncludes merges each file named in attributes.$include under the
// definition's own attributes. Attributes of a profile file are marked with
// the profile's name, because they apply only when an event declares it.
func (s *source) applyIncludes(def definition) error {
	attrs, _ := def["attributes"].(map[string]any)
	if attrs == nil {
		return nil
	}
	includes := stringList(attrs["$include"])
	delete(attrs, "$include")
	for _, inc := range includes {
		included, err := s.resolve(inc)
		if err != nil {
			return err
		}
		incAttrs, _ := included["attributes"].(map[string]any)
		if incAttrs == nil {
			continue
		}
		incAttrs = deepCopy(incAttrs).(map[string]any)
		if isProfile(inc, included) {
			markProfile(incAttrs, included["name"].(string))
		}
		mergeMissing(attrs, incAttrs)
	}
	return nil
}

// applyExtends merges the definition that def extends under def. Events extend
// events and objects extend objects.
func (s *source) applyExtends(rel string, def definition) error {
	base, _ := def["extends"].(string)
	if base == "" {
		return nil
	}
	names := s.objects
	if strings.HasPrefix(filepath.ToSlash(rel), "events/") {
		names = s.events
	}
	baseRel, ok := names[base]
	if !ok {
		return fmt.Errorf("extends %q: definition not found", base)
	}
	parent, err := s.resolve(baseRel)
	if err != nil {
		return err
	}
	mergeMissing(def, deepCopy(parent).(map[string]any))
	def["extends"] = base
	return nil
}

func isProfile(rel string, def definition) bool {
	meta, _ := def["meta"].(string)
	_, named := def["name"].(string)
	return named && (meta == "profile" || strings.HasPrefix(filepath.ToSlash(rel), "profiles/"))
}

func markProfile(attrs map[string]any, profile string) {
	for _, v := range attrs {
		if attr, ok := v.(map[string]any); ok {
			if _, set := attr["profile"]; !set {
				attr["profile"] = profile
			}
		}
	}
}

// mergeMissing merges right into left the way the OCSF compiler does: a value
// that left already has wins, maps are merged key by key (so enum members of
// both sides survive), and the "profiles" lists are joined. Other lists, such
// as a constraint's attribute names, are kept from left.
func mergeMissing(left, right map[string]any) {
	for key, rv := range right {
		lv, ok := left[key]
		if !ok {
			left[key] = rv
			continue
		}
		lm, lok := lv.(map[string]any)
		rm, rok := rv.(map[string]any)
		if lok && rok {
			mergeMissing(lm, rm)
			continue
		}
		if key == "profiles" {
			left[key] = unionStrings(stringList(lv), stringList(rv))
		}
	}
}

func unionStrings(a, b []string) []any {
	out := make([]any, 0, len(a)+len(b))
	for _, s := range a {
		out = append(out, s)
	}
	for _, s := range b {
		if !slices.Contains(a, s) {
			out = append(out, s)
		}
	}
	return out
}

// stringList returns v as a list of strings; a single string is a list of one.
func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}
