// Go's view of the documents: every pattern in the JSON Schema and the
// OpenAPI document compiles under Go's regexp (RE2: no lookaround), and
// gojsonschema (which matches patterns with Go's regexp) judges every record
// of the agreement corpus against openapi/customer-request.schema.json.
//
// gojsonschema reads drafts 4, 6 and 7; the schema uses no keyword newer
// than draft 7, so it is loaded as draft 7.
//
// Run (GOPATH mode, with Debian's golang-github-xeipuuv-gojsonschema-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go ROOT TARGET_DIR GOJSONSCHEMA_VERSION
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"

	"github.com/xeipuuv/gojsonschema"
)

// patterns returns every "pattern" string anywhere in a JSON document.
func patterns(value interface{}, out []string) []string {
	switch v := value.(type) {
	case map[string]interface{}:
		for key, inner := range v {
			if s, ok := inner.(string); ok && key == "pattern" {
				out = append(out, s)
			}
			out = patterns(inner, out)
		}
	case []interface{}:
		for _, inner := range v {
			out = patterns(inner, out)
		}
	}
	return out
}

func must(err error, what string) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: main ROOT TARGET_DIR GOJSONSCHEMA_VERSION")
		os.Exit(2)
	}
	root, target, version := os.Args[1], os.Args[2], os.Args[3]

	compiled := 0
	for _, name := range []string{"customer-request.schema.json", "openapi.json"} {
		text, err := os.ReadFile(filepath.Join(root, "openapi", name))
		must(err, name)
		var doc interface{}
		must(json.Unmarshal(text, &doc), name)
		for _, p := range patterns(doc, nil) {
			_, err := regexp.Compile(p)
			must(err, fmt.Sprintf("%s: pattern %q under Go's regexp", name, p))
			compiled++
		}
	}
	fmt.Fprintf(os.Stderr, "Go %s regexp: %d patterns compile\n", runtime.Version(), compiled)

	loader := gojsonschema.NewSchemaLoader()
	loader.Draft = gojsonschema.Draft7
	loader.AutoDetect = false
	schemaText, err := os.ReadFile(filepath.Join(root, "openapi", "customer-request.schema.json"))
	must(err, "schema")
	schema, err := loader.Compile(gojsonschema.NewBytesLoader(schemaText))
	must(err, "gojsonschema compiles the schema")

	corpusText, err := os.ReadFile(filepath.Join(target, "generators", "corpus.json"))
	must(err, "corpus")
	var corpus struct {
		Records []string `json:"records"`
	}
	must(json.Unmarshal(corpusText, &corpus), "corpus")
	verdicts := make([]bool, len(corpus.Records))
	valid := 0
	for i, record := range corpus.Records {
		result, err := schema.Validate(gojsonschema.NewStringLoader(record))
		verdicts[i] = err == nil && result.Valid()
		if verdicts[i] {
			valid++
		}
	}
	fmt.Fprintf(os.Stderr, "gojsonschema %s: %d of %d valid\n", version, valid, len(verdicts))
	out, err := json.Marshal(map[string]interface{}{
		"generator": "gojsonschema (Go regexp)",
		"version":   version,
		"verdicts":  verdicts,
		"note":      fmt.Sprintf("all %d patterns of both documents compile under Go's regexp", compiled),
	})
	must(err, "verdicts")
	must(os.WriteFile(filepath.Join(target, "generators", "verdicts", "go-gojsonschema.json"), out, 0o644), "write")
}
