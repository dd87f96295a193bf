package alb

import (
	"bytes"
	"testing"
)

// FuzzSplit checks that the tokenizer never panics and that every field it returns
// lies inside the line.
func FuzzSplit(f *testing.F) {
	for _, seed := range fuzzSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		fields, err := Split(nil, line)
		if err != nil {
			return
		}
		for _, field := range fields {
			if len(field) > 0 && !bytes.Contains(line, field) {
				t.Fatalf("field %q is not part of the line", field)
			}
		}
	})
}

// FuzzParse checks that classifying and parsing any bytes never panics, and that a
// parsed record is consistent.
func FuzzParse(f *testing.F) {
	for _, seed := range fuzzSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		Classify(line)
		var r Record
		if err := Parse(line, &r); err != nil {
			return
		}
		if len(r.Fields) < MinFields || r.Known > len(r.Fields) {
			t.Fatalf("parsed %d fields, %d known", len(r.Fields), r.Known)
		}
		if !r.Client.Valid {
			t.Fatal("parsed a record without a client")
		}
	})
}

func fuzzSeeds() [][]byte {
	return [][]byte{
		lineOf(33),
		lineOf(20),
		lineOf(29, `"FOO BAR"`, "BAZ"),
		withField(FieldRequest, `"- - -"`),
		withField(FieldClient, "[2001:db8::1]:443"),
		withField(FieldUserAgent, `"a \" b \x22"`),
		[]byte(`"unterminated`),
		[]byte(`a "b"c`),
		{0xff, 0xfe, ' ', '"', 0xc6},
	}
}
