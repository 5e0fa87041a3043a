// Package inband carries a notebook cell's displays in its standard output,
// where they keep their place among the lines the cell prints, to the
// littlegrad kernel's proxy, which takes them out again (ARCHITECTURE.md).
//
// A display travels as an OSC escape sequence: ESC ] littlegrad-display;
// then a JSON object from MIME type to content, in ASCII only (GoNB forwards
// the output in pieces of any size, which could cut a UTF-8 character in
// two), then BEL.
package inband

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Env is the environment variable the kernel's proxy sets for GoNB and its
// cells: displays go in band only then, so that they never show as text
// where no proxy takes them out.
const Env = "LITTLEGRAD_INBAND"

// The bytes that start and end a display.
var (
	start = []byte("\x1b]littlegrad-display;")
	end   = byte('\a')
)

// Encode returns data, a display's content by MIME type, as it goes in the
// stream.
func Encode(data map[string]string) []byte {
	var b bytes.Buffer
	b.Write(start)
	enc := json.NewEncoder(asciiWriter{&b})
	enc.SetEscapeHTML(false) // keep HTML's < > & as they are, one byte each
	enc.Encode(data)         // cannot fail: strings only
	b.Truncate(b.Len() - 1)  // the Encoder's newline
	b.WriteByte(end)
	return b.Bytes()
}

// asciiWriter writes JSON text with every non-ASCII character escaped as
// \uXXXX (a UTF-16 surrogate pair above U+FFFF), which is the same JSON.
// Non-ASCII characters can only be inside JSON strings, where the escapes
// are valid, and json.Encoder has made the text valid UTF-8.
type asciiWriter struct{ b *bytes.Buffer }

func (w asciiWriter) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			w.b.WriteByte(p[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r > 0xFFFF {
			r -= 0x10000
			fmt.Fprintf(w.b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		} else {
			fmt.Fprintf(w.b, `\u%04x`, r)
		}
		i += size
	}
	return len(p), nil
}

// Part is a piece of a stream: text, or, when Data is not nil, a display.
type Part struct {
	Text string
	Data map[string]any
}

// A Splitter takes the displays out of a stream that it receives in pieces
// of any size, returning the text and the displays in their order. The
// zero Splitter is ready to use.
type Splitter struct {
	held []byte // the start of a display, or what may be one, to be completed
}

// Write adds text, the stream's next piece, and returns the parts that it
// completes. It holds back what may be the beginning of a display until a
// later Write or Flush says whether it is one.
func (s *Splitter) Write(text string) []Part {
	if bytes.HasPrefix(s.held, start) && strings.IndexByte(text, end) < 0 {
		// More of a display (a widget can be megabytes): its end is not
		// here, so there is nothing to search yet.
		s.held = append(s.held, text...)
		return nil
	}
	buf := append(s.held, text...)
	s.held = nil
	var parts []Part
	for len(buf) > 0 {
		i := bytes.Index(buf, start)
		if i < 0 {
			keep := partialStart(buf)
			parts = appendText(parts, buf[:len(buf)-keep])
			s.held = bytes.Clone(buf[len(buf)-keep:])
			break
		}
		parts = appendText(parts, buf[:i])
		j := bytes.IndexByte(buf[i+len(start):], end)
		if j < 0 {
			s.held = bytes.Clone(buf[i:])
			break
		}
		payload := buf[i+len(start) : i+len(start)+j]
		var data map[string]any
		if err := json.Unmarshal(payload, &data); err != nil || data == nil {
			// Not one of ours after all: it is text.
			parts = appendText(parts, buf[i:i+len(start)+j+1])
		} else {
			parts = append(parts, Part{Data: data})
		}
		buf = buf[i+len(start)+j+1:]
	}
	return parts
}

// Holding reports whether the Splitter holds back text that a Write or a
// Flush will return.
func (s *Splitter) Holding() bool { return len(s.held) > 0 }

// Flush ends the stream, returning what the Splitter held back: text that
// only looked like the beginning of a display, or a note in place of a
// display whose end never came (its program stopped while writing it).
func (s *Splitter) Flush() []Part {
	held := s.held
	s.held = nil
	if bytes.HasPrefix(held, start) {
		return []Part{{Text: "\n[littlegrad: a drawing was cut off: its program stopped while sending it]\n"}}
	}
	return appendText(nil, held)
}

// partialStart returns the length of the longest end of buf that is the
// beginning of start.
func partialStart(buf []byte) int {
	for n := min(len(buf), len(start)-1); n > 0; n-- {
		if bytes.HasSuffix(buf, start[:n]) {
			return n
		}
	}
	return 0
}

func appendText(parts []Part, text []byte) []Part {
	if len(text) == 0 {
		return parts
	}
	if n := len(parts); n > 0 && parts[n-1].Data == nil {
		parts[n-1].Text += string(text)
		return parts
	}
	return append(parts, Part{Text: string(text)})
}
