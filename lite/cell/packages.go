package cell

// Packages are the packages that cells can import in the browser kernel:
// littlegrad's, and the standard library's that a tutorial's cells may
// want. The kernel embeds their export data, for go/types (package check),
// and yaegi's symbol tables of the standard library cover them.
var Packages = []string{
	"github.com/littlegrad/littlegrad/autograd",
	"github.com/littlegrad/littlegrad/autograd/nn",
	"github.com/littlegrad/littlegrad/display",
	"github.com/littlegrad/littlegrad/display/plot",
	"github.com/littlegrad/littlegrad/lite/fmtx",
	"bufio", "bytes", "cmp", "container/heap", "container/list", "errors", "fmt",
	"io", "maps", "math", "math/bits", "math/cmplx", "math/rand", "math/rand/v2",
	"os", "slices", "sort", "strconv", "strings", "sync", "time", "unicode",
	"unicode/utf8",
}
