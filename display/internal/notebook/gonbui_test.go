//go:build !littlegrad_kernel

package notebook

import (
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// TestPipeEnv fails when GoNB marks its cells' programs by another
// variable: the kernel's cells would then think they run outside a notebook
// and show nothing.
func TestPipeEnv(t *testing.T) {
	if pipeEnv != protocol.GONB_PIPE_ENV {
		t.Errorf("GoNB names its pipe in %s; kernel.go reads %s", protocol.GONB_PIPE_ENV, pipeEnv)
	}
}
