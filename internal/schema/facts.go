package schema

// The types in this file are the format of the compiled facts files
// (ocsf-<version>.json) that the generator in ./gen writes and Load reads. They
// hold what a validator needs from the OCSF schema and leave out descriptions.

// Facts is the compiled HTTP Activity class of one OCSF version, with every
// object the class reaches, the dictionary types and the profiles.
type Facts struct {
	Version  string              `json:"version"`
	Class    Class               `json:"class"`
	Objects  map[string]*Object  `json:"objects"`
	Types    map[string]*Type    `json:"types"`
	Profiles map[string]*Profile `json:"profiles"`
}

// Class is a compiled event class: its own attributes merged with those of the
// classes it extends and of the profiles it includes.
type Class struct {
	Name        string                `json:"name"`
	Caption     string                `json:"caption"`
	UID         int                   `json:"uid"`
	Category    Category              `json:"category"`
	Profiles    []string              `json:"profiles"`
	Constraints *Constraints          `json:"constraints,omitempty"`
	Attributes  map[string]*Attribute `json:"attributes"`
}

// Category is the event category a class belongs to.
type Category struct {
	Name    string `json:"name"`
	Caption string `json:"caption"`
	UID     int    `json:"uid"`
}

// Object is a compiled object: its own attributes merged with those of the
// objects it extends and of the profiles it includes. Observable is the
// observable type_id of the object as a whole, zero when it has none.
type Object struct {
	Caption     string                `json:"caption"`
	Extends     string                `json:"extends,omitempty"`
	Observable  int                   `json:"observable,omitempty"`
	Profiles    []string              `json:"profiles,omitempty"`
	Deprecated  *Deprecation          `json:"deprecated,omitempty"`
	Constraints *Constraints          `json:"constraints,omitempty"`
	Attributes  map[string]*Attribute `json:"attributes"`
}

// Attribute is one attribute of a class or object.
//
// Type is a dictionary type name (such as "string_t"), an object name, or
// "object" for a free-form object. Requirement is "required", "recommended" or
// "optional". Enum maps each allowed value, written as JSON text without quotes
// ("3", "GET"), to its caption. Profile names the profile that adds the
// attribute, empty when the class or object defines it.
type Attribute struct {
	Type        string            `json:"type"`
	IsArray     bool              `json:"is_array,omitempty"`
	Requirement string            `json:"requirement"`
	Enum        map[string]string `json:"enum,omitempty"`
	Sibling     string            `json:"sibling,omitempty"`
	Profile     string            `json:"profile,omitempty"`
	Observable  int               `json:"observable,omitempty"`
	Deprecated  *Deprecation      `json:"deprecated,omitempty"`
}

// Deprecation marks an attribute or object that stays valid but should no
// longer be produced.
type Deprecation struct {
	Since   string `json:"since"`
	Message string `json:"message,omitempty"`
}

// Constraints lists attribute names of which at least one, or exactly one, must
// be present.
type Constraints struct {
	AtLeastOne []string `json:"at_least_one,omitempty"`
	JustOne    []string `json:"just_one,omitempty"`
}

// Type is a dictionary data type. Base is the type it refines ("string_t" for
// "ip_t"), empty for the primitive types. Range is the inclusive [min, max] of
// an integer type, MaxLen the maximum length of a string in characters, and Regex a
// pattern its values must match.
type Type struct {
	Caption    string  `json:"caption"`
	Base       string  `json:"base,omitempty"`
	Observable int     `json:"observable,omitempty"`
	Range      []int64 `json:"range,omitempty"`
	MaxLen     int     `json:"max_len,omitempty"`
	Regex      string  `json:"regex,omitempty"`
}

// Profile is a schema profile that adds attributes to classes or objects.
type Profile struct {
	Caption string `json:"caption"`
}
