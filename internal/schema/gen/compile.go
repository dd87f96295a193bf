package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

// freeFormType is the attribute type of a free-form object such as unmapped.
const freeFormType = "object"

// compiler turns the resolved source definitions into schema facts.
type compiler struct {
	src        *source
	version    string
	dictAttrs  map[string]any
	types      map[string]any
	categories map[string]any
}

func newCompiler(dir string) (*compiler, error) {
	src, err := newSource(dir)
	if err != nil {
		return nil, err
	}
	versionFile, err := src.read("version.json")
	if err != nil {
		return nil, err
	}
	dictionary, err := src.read("dictionary.json")
	if err != nil {
		return nil, err
	}
	categories, err := src.read("categories.json")
	if err != nil {
		return nil, err
	}
	c := &compiler{src: src}
	c.version, _ = versionFile["version"].(string)
	c.dictAttrs, _ = dictionary["attributes"].(map[string]any)
	if types, ok := dictionary["types"].(map[string]any); ok {
		c.types, _ = types["attributes"].(map[string]any)
	}
	c.categories, _ = categories["attributes"].(map[string]any)
	if c.version == "" || c.dictAttrs == nil || c.types == nil || c.categories == nil {
		return nil, fmt.Errorf("read schema %s: version.json, dictionary.json or categories.json lacks its main section", dir)
	}
	return c, nil
}

// compile builds the facts of the event class named className.
func (c *compiler) compile(className string) (*schema.Facts, error) {
	rel, ok := c.src.events[className]
	if !ok {
		return nil, fmt.Errorf("compile class %q: no event file has this name", className)
	}
	def, err := c.src.resolve(rel)
	if err != nil {
		return nil, err
	}
	class, err := c.buildClass(def)
	if err != nil {
		return nil, err
	}
	objects, err := c.buildObjects(class.Attributes)
	if err != nil {
		return nil, err
	}
	profiles, err := c.buildProfiles()
	if err != nil {
		return nil, err
	}
	if _, ok := profiles["datetime"]; ok {
		addDateTimeAttributes(class.Attributes)
		for _, obj := range objects {
			addDateTimeAttributes(obj.Attributes)
		}
	}
	if err := c.completeObservableTypes(objects, rel); err != nil {
		return nil, err
	}
	return &schema.Facts{
		Version:  c.version,
		Class:    *class,
		Objects:  objects,
		Types:    c.buildTypes(),
		Profiles: profiles,
	}, nil
}

// buildClass compiles the class's attributes and fills the enums of
// class_uid, category_uid and type_uid with the values of this class, as the
// compiler does: class_uid = category_uid*1000 + uid and
// type_uid = class_uid*100 + activity_id.
func (c *compiler) buildClass(def definition) (*schema.Class, error) {
	name, _ := def["name"].(string)
	categoryName, _ := def["category"].(string)
	category, ok := c.categories[categoryName].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("compile class %q: category %q not found in categories.json", name, categoryName)
	}
	class := &schema.Class{
		Name:    name,
		Caption: stringField(def, "caption"),
		Category: schema.Category{
			Name:    categoryName,
			Caption: stringField(category, "caption"),
			UID:     intField(category, "uid"),
		},
		Profiles:    sortedStrings(stringList(def["profiles"])),
		Constraints: buildConstraints(def),
	}
	class.UID = class.Category.UID*1000 + intField(def, "uid")

	attrs, err := c.buildAttributes(def)
	if err != nil {
		return nil, fmt.Errorf("compile class %q: %w", name, err)
	}
	class.Attributes = attrs
	if err := setUIDEnums(class); err != nil {
		return nil, err
	}
	return class, nil
}

func setUIDEnums(class *schema.Class) error {
	for _, name := range []string{"class_uid", "category_uid", "type_uid", "activity_id"} {
		if class.Attributes[name] == nil {
			return fmt.Errorf("compile class %q: attribute %s is missing", class.Name, name)
		}
	}
	class.Attributes["class_uid"].Enum = map[string]string{strconv.Itoa(class.UID): class.Caption}
	class.Attributes["category_uid"].Enum = map[string]string{strconv.Itoa(class.Category.UID): class.Category.Caption}
	typeEnum := map[string]string{}
	for id, caption := range class.Attributes["activity_id"].Enum {
		activity, err := strconv.Atoi(id)
		if err != nil {
			return fmt.Errorf("compile class %q: activity_id enum value %q is not an integer", class.Name, id)
		}
		typeEnum[strconv.Itoa(class.UID*100+activity)] = class.Caption + ": " + caption
	}
	class.Attributes["type_uid"].Enum = typeEnum
	return nil
}

// buildObjects compiles every object that attrs reach, directly or through
// other objects, and returns them by name.
func (c *compiler) buildObjects(attrs map[string]*schema.Attribute) (map[string]*schema.Object, error) {
	objects := map[string]*schema.Object{}
	queue := c.objectTypes(attrs)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := objects[name]; done {
			continue
		}
		obj, err := c.buildObject(name)
		if err != nil {
			return nil, err
		}
		objects[name] = obj
		queue = append(queue, c.objectTypes(obj.Attributes)...)
	}
	return objects, nil
}

func (c *compiler) buildObject(name string) (*schema.Object, error) {
	rel, ok := c.src.objects[name]
	if !ok {
		return nil, fmt.Errorf("compile object %q: no object file has this name", name)
	}
	def, err := c.src.resolve(rel)
	if err != nil {
		return nil, err
	}
	attrs, err := c.buildAttributes(def)
	if err != nil {
		return nil, fmt.Errorf("compile object %q: %w", name, err)
	}
	return &schema.Object{
		Caption:     stringField(def, "caption"),
		Extends:     stringField(def, "extends"),
		Observable:  intField(def, "observable"),
		Profiles:    sortedStrings(stringList(def["profiles"])),
		Deprecated:  buildDeprecation(def),
		Constraints: buildConstraints(def),
		Attributes:  attrs,
	}, nil
}

// objectTypes returns, sorted, the object names that attrs use as types.
func (c *compiler) objectTypes(attrs map[string]*schema.Attribute) []string {
	var names []string
	for _, attr := range attrs {
		if _, isType := c.types[attr.Type]; !isType && attr.Type != freeFormType {
			names = append(names, attr.Type)
		}
	}
	return sortedStrings(names)
}

// buildAttributes completes each attribute of def from the dictionary entry of
// the same name: the definition's own keys win and enum members are merged.
func (c *compiler) buildAttributes(def definition) (map[string]*schema.Attribute, error) {
	raw, _ := def["attributes"].(map[string]any)
	attrs := make(map[string]*schema.Attribute, len(raw))
	for name, v := range raw {
		attr, ok := v.(map[string]any)
		if !ok {
			continue
		}
		attr = deepCopy(attr).(map[string]any)
		if entry, ok := c.dictAttrs[name].(map[string]any); ok {
			mergeMissing(attr, deepCopy(entry).(map[string]any))
		}
		fact, err := c.buildAttribute(name, attr)
		if err != nil {
			return nil, err
		}
		attrs[name] = fact
	}
	return attrs, nil
}

func (c *compiler) buildAttribute(name string, attr map[string]any) (*schema.Attribute, error) {
	fact := &schema.Attribute{
		Type:        stringField(attr, "type"),
		IsArray:     attr["is_array"] == true,
		Requirement: stringField(attr, "requirement"),
		Sibling:     stringField(attr, "sibling"),
		Profile:     stringField(attr, "profile"),
		Deprecated:  buildDeprecation(attr),
		Enum:        buildEnum(attr),
		Observable:  c.attributeObservable(name, attr),
	}
	if fact.Type == "" {
		return nil, fmt.Errorf("attribute %s has no type and no dictionary entry", name)
	}
	if fact.Requirement == "" {
		fact.Requirement = "optional"
	}
	return fact, nil
}

// attributeObservable returns the observable type_id of an attribute: the
// dictionary attribute's number first, then its type's, then the number the
// defining object gives it. This is the compiler's order.
func (c *compiler) attributeObservable(name string, attr map[string]any) int {
	if entry, ok := c.dictAttrs[name].(map[string]any); ok {
		if id := intField(entry, "observable"); id != 0 {
			return id
		}
	}
	if typ, ok := c.types[stringField(attr, "type")].(map[string]any); ok {
		if id := intField(typ, "observable"); id != 0 {
			return id
		}
	}
	return intField(attr, "observable")
}

// addDateTimeAttributes adds, for every timestamp_t attribute X, the datetime
// profile's optional X_dt attribute of type datetime_t. The profile file has no
// attributes: the OCSF compiler creates these, and so does this generator.
func addDateTimeAttributes(attrs map[string]*schema.Attribute) {
	for name, attr := range attrs {
		if attr.Type != "timestamp_t" {
			continue
		}
		if _, exists := attrs[name+"_dt"]; exists {
			continue
		}
		attrs[name+"_dt"] = &schema.Attribute{
			Type:        "datetime_t",
			IsArray:     attr.IsArray,
			Requirement: "optional",
			Profile:     "datetime",
			Deprecated:  attr.Deprecated,
		}
	}
}

func (c *compiler) buildTypes() map[string]*schema.Type {
	types := make(map[string]*schema.Type, len(c.types))
	for name, v := range c.types {
		typ, ok := v.(map[string]any)
		if !ok {
			continue
		}
		fact := &schema.Type{
			Caption:    stringField(typ, "caption"),
			Base:       stringField(typ, "type"),
			Observable: intField(typ, "observable"),
			MaxLen:     intField(typ, "max_len"),
			Regex:      stringField(typ, "regex"),
		}
		if r, ok := typ["range"].([]any); ok && len(r) == 2 {
			fact.Range = []int64{int64(toFloat(r[0])), int64(toFloat(r[1]))}
		}
		types[name] = fact
	}
	return types
}

// buildProfiles lists every profile file of the schema by name.
func (c *compiler) buildProfiles() (map[string]*schema.Profile, error) {
	paths, err := filepath.Glob(filepath.Join(c.src.dir, "profiles", "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	profiles := map[string]*schema.Profile{}
	for _, path := range paths {
		def, err := c.src.read(filepath.Join("profiles", filepath.Base(path)))
		if err != nil {
			return nil, err
		}
		if name := stringField(def, "name"); name != "" {
			profiles[name] = &schema.Profile{Caption: stringField(def, "caption")}
		}
	}
	return profiles, nil
}

func buildEnum(attr map[string]any) map[string]string {
	raw, ok := attr["enum"].(map[string]any)
	if !ok || len(raw) == 0 {
		return nil
	}
	enum := make(map[string]string, len(raw))
	for value, v := range raw {
		member, _ := v.(map[string]any)
		enum[value] = stringField(member, "caption")
	}
	return enum
}

func buildDeprecation(def map[string]any) *schema.Deprecation {
	raw, ok := def["@deprecated"].(map[string]any)
	if !ok {
		return nil
	}
	return &schema.Deprecation{Since: stringField(raw, "since"), Message: stringField(raw, "message")}
}

func buildConstraints(def definition) *schema.Constraints {
	raw, ok := def["constraints"].(map[string]any)
	if !ok {
		return nil
	}
	cons := &schema.Constraints{
		AtLeastOne: stringList(raw["at_least_one"]),
		JustOne:    stringList(raw["just_one"]),
	}
	if cons.AtLeastOne == nil && cons.JustOne == nil {
		return nil
	}
	return cons
}

func stringField(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func intField(m map[string]any, key string) int {
	return int(toFloat(m[key]))
}

func toFloat(v any) float64 {
	f, _ := v.(float64)
	return f
}

func sortedStrings(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
