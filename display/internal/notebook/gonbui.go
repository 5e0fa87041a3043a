//go:build !littlegrad_kernel

package notebook

import (
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

var isNotebook = gonbui.IsNotebook

// outOfBand shows a display through GoNB's display pipe, and waits until
// GoNB has it, since GoNB drops what is still in the pipe when the program
// ends.
func outOfBand(html, text string) {
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML:  html,
		protocol.MIMETextPlain: text,
	}})
	gonbui.Sync()
}
