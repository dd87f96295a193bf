package alb

import "bytes"

// Split splits line into its fields and appends them to dst, which it returns. Quotes
// around quoted fields are removed; nothing inside them is unescaped. Runs of spaces
// between fields count as one separator. The returned slices alias line.
//
// Split returns a *ParseError when a quoted field is not terminated or when a raw '"'
// would make the field boundaries ambiguous. dst then holds the fields read so far.
func Split(dst [][]byte, line []byte) ([][]byte, error) {
	i := skipSpaces(line, 0)
	for i < len(line) {
		var field []byte
		var err error
		if line[i] == '"' {
			field, i, err = quotedField(line, i, len(dst))
		} else {
			field, i, err = bareField(line, i, len(dst))
		}
		if err != nil {
			return dst, err
		}
		dst = append(dst, field)
		i = skipSpaces(line, i)
	}
	return dst, nil
}

// quotedField reads the quoted field that starts at line[start], which is '"'. It
// returns the field without its quotes and the index just past the closing quote.
func quotedField(line []byte, start, index int) ([]byte, int, error) {
	for j := start + 1; j < len(line); {
		k := bytes.IndexByte(line[j:], '"')
		if k < 0 {
			break
		}
		k += j
		escaped := line[k-1] == '\\' && k-1 > start
		closing := k+1 == len(line) || line[k+1] == ' '
		switch {
		case escaped:
			j = k + 1
		case closing:
			return line[start+1 : k], k + 1, nil
		default:
			return nil, 0, &ParseError{
				Field:  index,
				Reason: ReasonUnexpectedQuote,
				Msg:    "a quote inside the quoted field is followed by " + quoteByte(line[k+1]) + ", not a space",
			}
		}
	}
	return nil, 0, &ParseError{Field: index, Reason: ReasonUnterminatedQuote, Msg: "the quoted field has no closing quote"}
}

// bareField reads the unquoted field that starts at line[start]. It ends at the next
// space or the end of the line.
func bareField(line []byte, start, index int) ([]byte, int, error) {
	end := bytes.IndexByte(line[start:], ' ')
	if end < 0 {
		end = len(line)
	} else {
		end += start
	}
	field := line[start:end]
	if bytes.IndexByte(field, '"') >= 0 {
		return nil, 0, &ParseError{Field: index, Reason: ReasonUnexpectedQuote, Msg: "an unquoted field contains a quote"}
	}
	return field, end, nil
}

func skipSpaces(line []byte, i int) int {
	for i < len(line) && line[i] == ' ' {
		i++
	}
	return i
}

// quoteByte describes b for an error message.
func quoteByte(b byte) string {
	if b >= 0x21 && b < 0x7f {
		return "'" + string(rune(b)) + "'"
	}
	const hex = "0123456789abcdef"
	return "byte 0x" + string([]byte{hex[b>>4], hex[b&15]})
}

// TrimEOL removes a trailing "\n", "\r\n" or "\r" from line.
func TrimEOL(line []byte) []byte {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	if n > 0 && line[n-1] == '\r' {
		n--
	}
	return line[:n]
}
