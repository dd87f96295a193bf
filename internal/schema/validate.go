package schema

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Violation is one way an event breaks the schema. Path is the attribute path
// with array indexes, such as "observables[2].type_id"; it is empty for a rule
// about the event as a whole.
type Violation struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Warning is a departure from the schema's advice that does not make the event
// invalid: a recommended attribute that is missing or a deprecated attribute
// that is present. Path has no array indexes ("observables.name"), so that
// warnings from many events can be counted by path.
type Warning struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Result is the outcome of validating one event.
type Result struct {
	Violations []Violation
	Warnings   []Warning
}

// Valid reports whether the event has no violations.
func (r Result) Valid() bool { return len(r.Violations) == 0 }

// otherID is the enum member whose sibling may hold any source-specific text.
const otherID = "99"

// Validate checks one event, decoded from JSON with json.Decoder.UseNumber so
// that integers keep their exact value. Besides json.Number it accepts Go
// integers and, for datetime_t attributes, time.Time (the value of a Parquet
// TIMESTAMP column). A JSON null counts as an absent attribute.
//
// It reports as violations: missing required attributes, values of the wrong
// type or outside their type's range, enum values the schema lacks, sibling
// strings that differ from the enum caption (unless the id is 99 Other),
// attributes that the class and its objects do not define, attributes of a
// profile that metadata.profiles does not list, broken at_least_one and
// just_one constraints, a class_uid, category_uid or type_uid that does not
// belong to this class, and a metadata.version other than the schema's.
// Attributes of a profile count as required only when the profile is listed.
func (s *Schema) Validate(event map[string]any) Result {
	v := &validator{schema: s, profiles: declaredProfiles(event)}
	v.checkProfiles(event)
	v.checkObject("", "", s.facts.Class.Attributes, s.facts.Class.Constraints, s.facts.Class.Name, event)
	v.checkClassIdentity(event)
	v.checkDateTimeSiblings(event)
	return v.result
}

// checkDateTimeSiblings checks that each top-level <name>_dt of the datetime
// profile is the same instant as its timestamp_t sibling <name>, to the
// millisecond: the profile defines _dt as another form of the same time.
func (v *validator) checkDateTimeSiblings(event map[string]any) {
	for _, name := range []string{"time", "start_time", "end_time"} {
		millis, ok := integerValue(event[name])
		if !ok {
			continue
		}
		dt, ok := dateTimeValue(event[name+"_dt"])
		if !ok {
			continue
		}
		if dt.UnixMilli() != millis {
			v.violate(name+"_dt", "got %s, want the instant of %s, %d ms",
				dt.UTC().Format(time.RFC3339Nano), name, millis)
		}
	}
}

// dateTimeValue returns a datetime_t value as a time: a time.Time from Parquet
// or an RFC 3339 string from JSON.
func dateTimeValue(value any) (time.Time, bool) {
	switch v := value.(type) {
	case time.Time:
		return v, true
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		return t, err == nil
	}
	return time.Time{}, false
}

// validator holds the state of one Validate call.
type validator struct {
	schema   *Schema
	profiles map[string]bool
	result   Result
}

func (v *validator) violate(path, format string, args ...any) {
	v.result.Violations = append(v.result.Violations, Violation{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) warn(path, message string) {
	v.result.Warnings = append(v.result.Warnings, Warning{Path: path, Message: message})
}

// declaredProfiles returns the string members of metadata.profiles.
func declaredProfiles(event map[string]any) map[string]bool {
	profiles := map[string]bool{}
	metadata, _ := event["metadata"].(map[string]any)
	list, _ := metadata["profiles"].([]any)
	for _, p := range list {
		if name, ok := p.(string); ok {
			profiles[name] = true
		}
	}
	return profiles
}

// checkProfiles reports names in metadata.profiles that the schema lacks.
func (v *validator) checkProfiles(event map[string]any) {
	metadata, _ := event["metadata"].(map[string]any)
	list, _ := metadata["profiles"].([]any)
	for i, p := range list {
		name, ok := p.(string)
		if !ok {
			continue // the type check of metadata.profiles reports it
		}
		if _, known := v.schema.facts.Profiles[name]; !known {
			v.violate(fmt.Sprintf("metadata.profiles[%d]", i), "unknown profile %q; OCSF %s defines %s",
				name, v.schema.Version(), strings.Join(slices.Sorted(maps.Keys(v.schema.facts.Profiles)), ", "))
		}
	}
}

// active reports whether an attribute applies to this event: it belongs to
// the class or object itself, or to a profile listed in metadata.profiles.
func (v *validator) active(attr *Attribute) bool {
	return attr.Profile == "" || v.profiles[attr.Profile]
}

// checkObject checks the attributes of one object (or of the event when path
// is empty). path has array indexes and warnPath does not.
func (v *validator) checkObject(path, warnPath string, attrs map[string]*Attribute, cons *Constraints, owner string, value map[string]any) {
	names := v.schema.namesOf(owner, attrs)
	v.checkUnknown(path, attrs, owner, value)
	for _, name := range names {
		if present, ok := value[name]; ok {
			v.checkPresent(join(path, name), v.schema.joinCached(warnPath, name), attrs, owner, name, present)
		}
	}
	for _, name := range names {
		if value[name] == nil {
			v.checkMissing(path, name, v.schema.joinCached(warnPath, name), attrs[name])
		}
	}
	v.checkConstraints(path, cons, value)
	v.checkSiblings(path, names, attrs, value)
}

// checkUnknown reports the attributes of value that the object does not define,
// in sorted order.
func (v *validator) checkUnknown(path string, attrs map[string]*Attribute, owner string, value map[string]any) {
	var unknown []string
	for name := range value {
		if _, ok := attrs[name]; !ok {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		v.violate(join(path, name), "attribute %s is not defined in %s (OCSF %s)", name, owner, v.schema.Version())
	}
}

// checkPresent checks one attribute that the object carries.
func (v *validator) checkPresent(path, warnPath string, attrs map[string]*Attribute, owner, name string, value any) {
	attr := attrs[name]
	switch {
	case value == nil:
		return
	case !v.active(attr):
		v.violate(path, "attribute belongs to the %s profile, which metadata.profiles does not list", attr.Profile)
		return
	}
	if attr.Deprecated != nil {
		v.warn(warnPath, "deprecated since "+attr.Deprecated.Since)
	}
	v.checkValue(path, warnPath, attr, value)
}

// checkMissing reports an absent required attribute as a violation and an
// absent recommended one as a warning, unless it is deprecated.
func (v *validator) checkMissing(parent, name, warnPath string, attr *Attribute) {
	if !v.active(attr) {
		return
	}
	switch attr.Requirement {
	case "required":
		v.violate(join(parent, name), "required attribute is missing")
	case "recommended":
		if attr.Deprecated == nil {
			v.warn(warnPath, "recommended attribute is missing")
		}
	}
}

// checkValue checks a present value against its attribute's array-ness, type
// and enum.
func (v *validator) checkValue(path, warnPath string, attr *Attribute, value any) {
	if !attr.IsArray {
		v.checkElement(path, warnPath, attr, value)
		return
	}
	list, ok := value.([]any)
	if !ok {
		v.violate(path, "got %s, want an array of %s", describe(value), attr.Type)
		return
	}
	for i, elem := range list {
		v.checkElement(fmt.Sprintf("%s[%d]", path, i), warnPath, attr, elem)
	}
}

func (v *validator) checkElement(path, warnPath string, attr *Attribute, value any) {
	if value == nil {
		v.violate(path, "got null, want %s", attr.Type)
		return
	}
	if obj, ok := v.schema.facts.Objects[attr.Type]; ok {
		m, ok := value.(map[string]any)
		if !ok {
			v.violate(path, "got %s, want a %s object", describe(value), attr.Type)
			return
		}
		v.checkObject(path, warnPath, obj.Attributes, obj.Constraints, attr.Type, m)
		return
	}
	if attr.Type == "object" {
		if _, ok := value.(map[string]any); !ok {
			v.violate(path, "got %s, want an object", describe(value))
		}
		return
	}
	if msg := v.schema.checkType(attr.Type, value); msg != "" {
		v.violate(path, "%s", msg)
		return
	}
	if attr.Enum != nil {
		key, _ := enumKey(value)
		if _, ok := attr.Enum[key]; !ok {
			v.violate(path, "value %s is not in the enum (%s)", key, enumList(attr.Enum))
		}
	}
}

// checkConstraints checks the at_least_one and just_one lists of an object.
// Only attributes that apply to the event are counted and named.
func (v *validator) checkConstraints(path string, cons *Constraints, value map[string]any) {
	if cons == nil {
		return
	}
	if len(cons.AtLeastOne) > 0 && countPresent(cons.AtLeastOne, value) == 0 {
		v.violate(path, "at least one of %s is required", strings.Join(cons.AtLeastOne, ", "))
	}
	if len(cons.JustOne) > 0 && countPresent(cons.JustOne, value) != 1 {
		v.violate(path, "exactly one of %s is required, got %d", strings.Join(cons.JustOne, ", "), countPresent(cons.JustOne, value))
	}
}

func countPresent(names []string, value map[string]any) int {
	n := 0
	for _, name := range names {
		if value[name] != nil {
			n++
		}
	}
	return n
}

// checkSiblings checks that the string sibling of each enum id holds the
// member's caption. When the id is 99 Other, any text is accepted.
func (v *validator) checkSiblings(path string, names []string, attrs map[string]*Attribute, value map[string]any) {
	for _, name := range names {
		attr := attrs[name]
		if attr.Sibling == "" || attr.Enum == nil || attr.IsArray {
			continue
		}
		key, ok := enumKey(value[name])
		caption, inEnum := attr.Enum[key]
		sibling, isString := value[attr.Sibling].(string)
		if !ok || !inEnum || !isString || key == otherID || sibling == caption {
			continue
		}
		v.violate(join(path, attr.Sibling), "got %q, want %q, the caption of %s %s", sibling, caption, name, key)
	}
}

// checkClassIdentity checks that type_uid is class_uid*100+activity_id and
// that metadata.version is the schema's. The enums of class_uid, category_uid
// and type_uid, which hold only this class's values, catch a wrong class.
func (v *validator) checkClassIdentity(event map[string]any) {
	classUID, classOK := integerValue(event["class_uid"])
	activityID, activityOK := integerValue(event["activity_id"])
	typeUID, typeOK := integerValue(event["type_uid"])
	if classOK && activityOK && typeOK && typeUID != classUID*100+activityID {
		v.violate("type_uid", "got %d, want class_uid*100+activity_id = %d", typeUID, classUID*100+activityID)
	}
	metadata, _ := event["metadata"].(map[string]any)
	if version, ok := metadata["version"].(string); ok && version != v.schema.Version() {
		v.violate("metadata.version", "got %q, want %q", version, v.schema.Version())
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// enumKey returns the text that names value in an enum: the decimal integer or
// the string itself.
func enumKey(value any) (string, bool) {
	if s, ok := value.(string); ok {
		return s, true
	}
	if n, ok := integerValue(value); ok {
		return strconv.FormatInt(n, 10), true
	}
	return "", false
}

func enumList(enum map[string]string) string {
	keys := slices.SortedFunc(maps.Keys(enum), compareEnumKeys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + enum[k]
	}
	return strings.Join(parts, ", ")
}

// compareEnumKeys orders integer keys numerically and other keys as text.
func compareEnumKeys(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return x - y
	}
	return strings.Compare(a, b)
}
