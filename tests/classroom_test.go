package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// validateValues checks Helm values against the Zero to JupyterHub chart's
// schema. It reads {"schema": path, "configs": [YAML text, ...]} on stdin
// and writes, for each config, its schema errors and its values as JSON.
// The schema's top-level "required" lists keys that the chart's values.yaml
// always supplies (Helm validates the user's values merged over it), so it
// is dropped; the nested ones stay.
const validateValues = `
import json, sys
import jsonschema, yaml

req = json.load(sys.stdin)
with open(req["schema"]) as f:
    schema = yaml.safe_load(f)
if "required" not in schema:
    sys.exit("the schema has no top-level required list any more: revisit classroom_test.go")
del schema["required"]
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)
out = []
for text in req["configs"]:
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as e:
        out.append({"errors": ["not YAML: %s" % e]})
        continue
    errors = sorted(validator.iter_errors(values), key=lambda e: [str(p) for p in e.absolute_path])
    out.append({
        "errors": ["%s: %s" % (".".join(str(p) for p in e.absolute_path) or "top level", e.message)
                   for e in errors],
        "values": values,
    })
json.dump(out, sys.stdout, default=str)
`

// classValues is what the test reads back from a config, beyond the schema.
type classValues struct {
	Singleuser struct {
		UID        *int   `json:"uid"`
		Cmd        any    `json:"cmd"`
		DefaultURL string `json:"defaultUrl"`
		Storage    struct {
			HomeMountPath string `json:"homeMountPath"`
		} `json:"storage"`
		Memory struct {
			Guarantee any `json:"guarantee"`
			Limit     any `json:"limit"`
		} `json:"memory"`
	} `json:"singleuser"`
}

// TestClassroomConfig checks docs/classroom.md's config.yaml against the
// chart's values schema (testdata/z2jh) and against the image, and that
// broken copies of it fail.
func TestClassroomConfig(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(root, "docs", "classroom.md"))
	if err != nil {
		t.Fatal(err)
	}
	config := configBlock(t, string(doc))
	home, uid := imageUser(t)

	cases := []struct {
		name, old, new string
		want           string // in the errors; "" for none
	}{
		{name: "the doc's config"},
		{"misspelled key", "guarantee: 288M", "garantee: 288M",
			"singleuser.memory: Additional properties are not allowed ('garantee' was unexpected)"},
		{"misspelled section", "\nsingleuser:\n", "\nsingleUser:\n",
			"top level: Additional properties are not allowed ('singleUser' was unexpected)"},
		{"tag as a number", `tag: "2026-09-01"`, "tag: 2026.09",
			"singleuser.image.tag: 2026.09 is not of type 'string'"},
		{"CPU in Kubernetes's millicores", "guarantee: 0.066", "guarantee: 66m",
			"singleuser.cpu.guarantee: '66m' is not of type 'number', 'null'"},
		{"home mount left out", "    homeMountPath: /home/learner", "",
			"singleuser.storage: 'homeMountPath' is a required property"},
		{"home of the chart's images", "homeMountPath: /home/learner", "homeMountPath: /home/jovyan",
			"the image's home is " + home},
		{"memory in Kubernetes's units", "limit: 1G", "limit: 1Gi",
			"singleuser.memory.limit: 1Gi is not in KubeSpawner's units"},
		{"the image's own command", "cmd: jupyterhub-singleuser", "cmd: null",
			"singleuser.cmd must be jupyterhub-singleuser"},
		{"a notebook that is not there", "defaultUrl: /lab/tree/littlegrad/littlegrad-part1-engine.ipynb",
			"defaultUrl: /lab/tree/littlegrad/part1.ipynb", "no notebook part1.ipynb"},
	}
	configs := make([]string, len(cases))
	for i, c := range cases {
		configs[i] = config
		if strings.Count(config, c.old) == 1 {
			configs[i] = strings.Replace(config, c.old, c.new, 1)
		}
	}
	results := validate(t, configs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if n := strings.Count(config, c.old); c.old != "" && n != 1 {
				t.Fatalf("%q occurs %d times in the config, want once: update the case", c.old, n)
			}
			problems := results[i].Errors
			if results[i].Values != nil {
				var v classValues
				if err := json.Unmarshal(results[i].Values, &v); err != nil {
					problems = append(problems, fmt.Sprintf("the values do not decode: %v", err))
				} else {
					problems = append(problems, imageProblems(v, home, uid)...)
				}
			}
			if c.want != "" {
				t.Logf("problems found:\n%s", strings.Join(problems, "\n"))
			}
			switch {
			case c.want == "" && len(problems) > 0:
				t.Errorf("config.yaml of docs/classroom.md:\n%s\nproblems:\n%s", configs[i], strings.Join(problems, "\n"))
			case c.want != "" && !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, c.want) }):
				t.Errorf("want a problem containing %q, got:\n%s", c.want, strings.Join(problems, "\n"))
			}
		})
	}

	// The Binder link names a notebook that exists too.
	m := regexp.MustCompile(`mybinder\.org/v2/gh/\S+\?urlpath=lab/tree/littlegrad/(\S+\.ipynb)`).FindAllStringSubmatch(string(doc), -1)
	if len(m) == 0 {
		t.Error("docs/classroom.md has no Binder link with urlpath=lab/tree/littlegrad/...")
	}
	for _, link := range m {
		if _, err := os.Stat(filepath.Join(root, "notebooks", link[1])); err != nil {
			t.Errorf("the Binder link names %s, which is not in notebooks/: %v", link[1], err)
		}
	}
}

// configBlock returns the one ```yaml block of doc that begins with
// "# config.yaml".
func configBlock(t *testing.T, doc string) string {
	t.Helper()
	blocks := regexp.MustCompile("(?ms)^```yaml\n(# config\\.yaml.*?\n)```$").FindAllStringSubmatch(doc, -1)
	if len(blocks) != 1 {
		t.Fatalf("docs/classroom.md has %d ```yaml blocks that begin with # config.yaml, want 1", len(blocks))
	}
	return blocks[0][1]
}

// imageUser returns the learner's home folder and uid as docker/setup.sh
// creates them.
func imageUser(t *testing.T) (home string, uid int) {
	t.Helper()
	setup, err := os.ReadFile(filepath.Join(root, "docker", "setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`useradd --uid (\d+) .*--home-dir (\S+)`).FindSubmatch(setup)
	if m == nil {
		t.Fatal("docker/setup.sh: no useradd --uid N ... --home-dir DIR line: update classroom_test.go")
	}
	if uid, err = strconv.Atoi(string(m[1])); err != nil {
		t.Fatal(err)
	}
	return string(m[2]), uid
}

type validation struct {
	Errors []string        `json:"errors"`
	Values json.RawMessage `json:"values"`
}

// validate runs validateValues on configs, in the Python of the jupyter on
// PATH, which has jsonschema and PyYAML (Jupyter's own dependencies).
func validate(t *testing.T, configs []string) []validation {
	t.Helper()
	out, err := exec.Command("jupyter", "troubleshoot").Output()
	if err != nil {
		t.Fatalf("jupyter troubleshoot: %v", err)
	}
	_, after, _ := strings.Cut(string(out), "sys.executable:\n")
	python := strings.TrimSpace(firstLine(after))
	if python == "" || exec.Command(python, "-c", "import jsonschema, yaml").Run() != nil {
		t.Fatalf("the Python of the jupyter on PATH (%q) lacks jsonschema or PyYAML: run the tests with ./test.sh, "+
			"which installs them (scripts/jupyter.sh)", python)
	}
	in, err := json.Marshal(map[string]any{
		"schema":  filepath.Join(root, "tests", "testdata", "z2jh", "values.schema.yaml"),
		"configs": configs,
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", validateValues)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out, err = cmd.Output(); err != nil {
		t.Fatalf("validating: %v\n%s", err, stderr.Bytes())
	}
	var results []validation
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(configs) {
		t.Fatalf("validating: want %d results, got %s (%v)", len(configs), out, err)
	}
	return results
}

// kubeSpawnerBytes is the form KubeSpawner's memory settings take: a number
// of bytes, or a number with K, M, G or T (jupyterhub.traitlets.ByteSpecification).
var kubeSpawnerBytes = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[KMGT]$`)

// imageProblems says where v does not fit the image or KubeSpawner, which
// the chart's schema does not know.
func imageProblems(v classValues, home string, uid int) []string {
	var p []string
	su := v.Singleuser
	if su.Storage.HomeMountPath != home {
		p = append(p, fmt.Sprintf("singleuser.storage.homeMountPath is %q: the image's home is %s, "+
			"where the learner's volume must go", su.Storage.HomeMountPath, home))
	}
	if su.UID == nil || *su.UID != uid {
		p = append(p, fmt.Sprintf("singleuser.uid must be the image's user's, %d", uid))
	}
	if cmd, _ := su.Cmd.([]any); len(cmd) > 0 {
		su.Cmd = cmd[0] // the command and its arguments
	}
	if su.Cmd != "jupyterhub-singleuser" {
		p = append(p, fmt.Sprintf("singleuser.cmd must be jupyterhub-singleuser (the image's own command, "+
			"docker/start.sh, starts a JupyterLab the hub cannot talk to), not %v", su.Cmd))
	}
	for _, m := range []struct {
		name  string
		value any
	}{{"guarantee", su.Memory.Guarantee}, {"limit", su.Memory.Limit}} {
		switch value := m.value.(type) {
		case float64, nil:
		case string:
			if !kubeSpawnerBytes.MatchString(value) {
				p = append(p, fmt.Sprintf("singleuser.memory.%s: %s is not in KubeSpawner's units "+
					"(bytes, or a number and K, M, G or T; not Kubernetes's Mi or Gi)", m.name, value))
			}
		default:
			p = append(p, fmt.Sprintf("singleuser.memory.%s: %v is neither a number nor a string", m.name, value))
		}
	}
	if nb, ok := strings.CutPrefix(su.DefaultURL, "/lab/tree/littlegrad/"); !ok {
		p = append(p, fmt.Sprintf("singleuser.defaultUrl is %q, not a notebook in /lab/tree/littlegrad/", su.DefaultURL))
	} else if _, err := os.Stat(filepath.Join(root, "notebooks", nb)); err != nil {
		p = append(p, fmt.Sprintf("singleuser.defaultUrl: no notebook %s in notebooks/", nb))
	}
	return p
}
