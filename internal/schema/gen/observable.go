package main

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

// completeObservableTypes adds to observable.type_id the members that the OCSF
// compiler derives from `observable` numbers, because the object file itself
// lists only 0 Unknown and 99 Other. The captions follow ocsf-lib-py:
//
//   - a dictionary attribute: its caption ("HTTP User-Agent");
//   - a dictionary type: its caption ("IP Address"), winning over an attribute;
//   - an object: the caption of the most basic object in its extends chain that
//     carries the number ("Endpoint" for network_endpoint);
//   - an attribute that an object or event file numbers itself:
//     "<caption> Object: <name>" or "<caption> Event: <name>".
//
// Object and event numbers never replace a number already taken. Every object
// file of the schema counts, not only those the class reaches, and the event
// files of the class's extends chain count.
func (c *compiler) completeObservableTypes(objects map[string]*schema.Object, classRel string) error {
	observable, ok := objects["observable"]
	if !ok || observable.Attributes["type_id"] == nil {
		return fmt.Errorf("build observable types: the class does not reach observable.type_id")
	}
	derived := c.dictionaryObservables()
	for _, name := range slices.Sorted(maps.Keys(c.src.objects)) {
		if err := c.addObjectObservables(derived, c.src.objects[name], "Object"); err != nil {
			return err
		}
	}
	for rel := classRel; rel != ""; {
		if err := c.addObjectObservables(derived, rel, "Event"); err != nil {
			return err
		}
		raw, err := c.src.read(rel)
		if err != nil {
			return err
		}
		rel = c.src.events[stringField(raw, "extends")]
	}

	typeID := observable.Attributes["type_id"]
	if typeID.Enum == nil {
		typeID.Enum = map[string]string{}
	}
	for id, caption := range derived {
		if _, exists := typeID.Enum[id]; !exists {
			typeID.Enum[id] = caption
		}
	}
	return nil
}

// dictionaryObservables returns the members numbered by dictionary attributes
// and dictionary types.
func (c *compiler) dictionaryObservables() map[string]string {
	enum := map[string]string{}
	for _, source := range []map[string]any{c.dictAttrs, c.types} {
		for _, name := range slices.Sorted(maps.Keys(source)) {
			entry, _ := source[name].(map[string]any)
			if id := intField(entry, "observable"); id != 0 {
				enum[strconv.Itoa(id)] = stringField(entry, "caption")
			}
		}
	}
	return enum
}

// addObjectObservables adds the members that the unresolved file at rel
// numbers: the definition as a whole (objects only) and its own attributes.
func (c *compiler) addObjectObservables(enum map[string]string, rel, label string) error {
	raw, err := c.src.read(rel)
	if err != nil {
		return err
	}
	if id := intField(raw, "observable"); id != 0 && label == "Object" {
		caption, err := c.baseObservableCaption(raw)
		if err != nil {
			return err
		}
		addIfMissing(enum, id, caption)
	}
	attrs, _ := raw["attributes"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		attr, _ := attrs[name].(map[string]any)
		if id := intField(attr, "observable"); id != 0 {
			addIfMissing(enum, id, fmt.Sprintf("%s %s: %s", stringField(raw, "caption"), label, name))
		}
	}
	return nil
}

// baseObservableCaption walks the extends chain of an object and returns the
// caption of the most basic object that has an observable number.
func (c *compiler) baseObservableCaption(raw definition) (string, error) {
	caption := stringField(raw, "caption")
	for base := stringField(raw, "extends"); base != ""; {
		rel, ok := c.src.objects[base]
		if !ok {
			return "", fmt.Errorf("build observable types: object %q not found", base)
		}
		parent, err := c.src.read(rel)
		if err != nil {
			return "", err
		}
		if intField(parent, "observable") != 0 {
			caption = stringField(parent, "caption")
		}
		base = stringField(parent, "extends")
	}
	return caption, nil
}

func addIfMissing(enum map[string]string, id int, caption string) {
	key := strconv.Itoa(id)
	if _, exists := enum[key]; !exists {
		enum[key] = caption
	}
}
