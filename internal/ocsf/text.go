package ocsf

import "unicode/utf8"

// text returns b as a string that is valid UTF-8. A byte that is not part of a valid
// UTF-8 sequence is written as the four characters \xNN, the escape ALB itself uses
// for a client's '"', so no byte is dropped or guessed.
//
// NOTE: a line that already contains the text \xff cannot be told apart from one
// with the byte 0xFF. The rejects file adds raw_base64 for such lines; events do not.
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return escapeInvalid(b)
}

func escapeInvalid(b []byte) string {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			out = append(out, '\\', 'x', hex[b[0]>>4], hex[b[0]&15])
			b = b[1:]
			continue
		}
		out = append(out, b[:size]...)
		b = b[size:]
	}
	return string(out)
}

// Text is the exported form of text, for packages that write other records, such
// as the rejects file, under the same rule.
func Text(b []byte) string { return text(b) }
