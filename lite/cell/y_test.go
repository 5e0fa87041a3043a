package cell_test
import ("testing";"os";"github.com/traefik/yaegi/interp";"github.com/traefik/yaegi/stdlib";"github.com/littlegrad/littlegrad/lite/symbols")
func TestY(t *testing.T){
 b, _ := os.ReadFile(os.Getenv("YSRC"))
 i:=interp.New(interp.Options{Stdout:os.Stdout})
 i.Use(stdlib.Symbols); i.Use(symbols.Symbols)
 func() { defer func() { if r := recover(); r != nil { t.Log("PANIC", r) } }()
 _,err:=i.Eval(string(b))
 t.Log(err) }()
}
