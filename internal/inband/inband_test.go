package inband

import (
	"reflect"
	"strings"
	"testing"
)

// split feeds stream to a Splitter in pieces of size n (the last may be
// shorter), then flushes it.
func split(stream string, n int) []Part {
	var s Splitter
	var parts []Part
	add := func(ps []Part) {
		for _, p := range ps {
			parts = appendPart(parts, p)
		}
	}
	for len(stream) > 0 {
		k := min(n, len(stream))
		add(s.Write(stream[:k]))
		stream = stream[k:]
	}
	add(s.Flush())
	return parts
}

// appendPart merges texts as a notebook merges consecutive stream outputs.
func appendPart(parts []Part, p Part) []Part {
	if p.Data == nil {
		if n := len(parts); n > 0 && parts[n-1].Data == nil {
			parts[n-1].Text += p.Text
			return parts
		}
	}
	return append(parts, p)
}

func TestSplitter(t *testing.T) {
	drawing := map[string]string{"text/html": `<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="a → b, 😀 & <x>">`, "text/plain": "a → b"}
	widget := map[string]string{"text/html": "<div>" + strings.Repeat("x", 100000) + "</div>", "text/plain": "widget"}
	stream := "before\n" + string(Encode(drawing)) + "between: \x1b[1mbold\x1b[0m, \x1b]0;title\a, \x1b]littlegrad\n" +
		string(Encode(widget)) + string(Encode(drawing)) + "after, ending in \x1b]little"
	want := []Part{
		{Text: "before\n"},
		{Data: map[string]any{"text/html": drawing["text/html"], "text/plain": drawing["text/plain"]}},
		{Text: "between: \x1b[1mbold\x1b[0m, \x1b]0;title\a, \x1b]littlegrad\n"},
		{Data: map[string]any{"text/html": widget["text/html"], "text/plain": widget["text/plain"]}},
		{Data: map[string]any{"text/html": drawing["text/html"], "text/plain": drawing["text/plain"]}},
		{Text: "after, ending in \x1b]little"},
	}
	for _, n := range []int{1, 2, 3, 7, 20, 21, 22, 4096, 32768, len(stream)} {
		if got := split(stream, n); !reflect.DeepEqual(got, want) {
			t.Errorf("in pieces of %d bytes: %d parts\n%.300q\nwant %d\n%.300q", n, len(got), got, len(want), want)
		}
	}
}

func TestEncodeIsASCII(t *testing.T) {
	frame := Encode(map[string]string{"text/plain": "é → 😀 \x00 \a \x1b", "text/html": "<b>&</b>"})
	for i, c := range frame {
		if c >= 0x80 {
			t.Fatalf("byte %d of the frame is %#x, not ASCII: %q", i, c, frame)
		}
	}
	if strings.Count(string(frame), "\a") != 1 || !strings.Contains(string(frame), "<b>&</b>") {
		t.Errorf("frame %q: want one BEL, at its end, and the HTML as it is", frame)
	}
}

func TestCutOff(t *testing.T) {
	var s Splitter
	frame := string(Encode(map[string]string{"text/plain": "x"}))
	parts := s.Write("text" + frame[:len(start)+5])
	if !reflect.DeepEqual(parts, []Part{{Text: "text"}}) || !s.Holding() {
		t.Fatalf("Write = %q, holding %v", parts, s.Holding())
	}
	if parts := s.Flush(); len(parts) != 1 || !strings.Contains(parts[0].Text, "cut off") || s.Holding() {
		t.Errorf("Flush of half a display = %q, holding %v", parts, s.Holding())
	}
}

func TestNotOurs(t *testing.T) {
	// Something that starts like a display but is not JSON is text.
	stream := "a \x1b]littlegrad-display;not json\a b"
	if got := split(stream, 5); !reflect.DeepEqual(got, []Part{{Text: stream}}) {
		t.Errorf("got %q", got)
	}
}
