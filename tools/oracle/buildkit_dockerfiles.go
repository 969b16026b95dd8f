package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
)

// buildkitModule is the module whose Dockerfiles buildkitDockerfiles lists (the one this program is built with).
const buildkitModule = "github.com/moby/buildkit"

// corpusFile is one Dockerfile found in BuildKit's module.
type corpusFile struct {
	// Where is the file's path in the module, with `:<line>` for a string literal of a Go file.
	Where string `json:"where"`
	// Text is the Dockerfile.
	Text string `json:"text"`
}

// corpusAnswer lists the Dockerfiles of BuildKit's module.
type corpusAnswer struct {
	// Module is the module and version read, e.g. github.com/moby/buildkit@v0.34.2.
	Module string `json:"module"`
	// Files are the Dockerfiles, each text once, in path order.
	Files []corpusFile `json:"files"`
}

// dockerfileLine is a line a Dockerfile written as a Go string literal has: FROM at the start of a line.
var dockerfileLine = regexp.MustCompile(`(?im)^[ \t]*from[ \t]`)

// buildkitDockerfiles lists the Dockerfiles of the BuildKit module this program is built with, from the Go module
// cache (downloaded through `go mod download` when it is not there): every file named like a Dockerfile (the parser's
// testfiles, testfile-line and testfiles-negative among them) and every string literal with a FROM line in the Go
// files under frontend/dockerfile (the parser's, instruction parser's and frontend's tests).
func buildkitDockerfiles(_ json.RawMessage) (any, error) {
	dir, module, err := buildkitDir()
	if err != nil {
		return nil, err
	}
	answer := corpusAnswer{Module: module, Files: []corpusFile{}}
	seen := map[string]bool{}
	add := func(where, text string) {
		if !seen[text] {
			seen[text] = true
			answer.Files = append(answer.Files, corpusFile{Where: where, Text: text})
		}
	}
	var goFiles []string
	err = filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		name := entry.Name()
		switch {
		case strings.Contains(strings.ToLower(name), "dockerfile") && !strings.HasSuffix(name, ".go") &&
			!strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".dockerignore"):
			text, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			add(rel, string(text))
		case strings.HasPrefix(rel, "frontend/dockerfile/") && strings.HasSuffix(name, ".go"):
			goFiles = append(goFiles, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(goFiles)
	for _, rel := range goFiles {
		literals, err := dockerfileLiterals(filepath.Join(dir, rel))
		if err != nil {
			return nil, err
		}
		for _, literal := range literals {
			add(fmt.Sprintf("%s:%d", rel, literal.line), literal.text)
		}
	}
	return answer, nil
}

// literal is a string literal of a Go file and the line it starts on.
type literal struct {
	line int
	text string
}

// dockerfileLiterals are the string literals of a Go file that hold a FROM line.
func dockerfileLiterals(path string) ([]literal, error) {
	files := token.NewFileSet()
	file, err := parser.ParseFile(files, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var found []literal
	ast.Inspect(file, func(node ast.Node) bool {
		lit, ok := node.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		text, err := strconv.Unquote(lit.Value)
		if err == nil && dockerfileLine.MatchString(text) {
			found = append(found, literal{line: files.Position(lit.Pos()).Line, text: text})
		}
		return true
	})
	return found, nil
}

// buildkitDir finds the BuildKit module this program was built with in the Go module cache.
func buildkitDir() (dir string, module string, err error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", "", errors.New("the oracle carries no build information")
	}
	version := ""
	for _, dep := range info.Deps {
		if dep.Path == buildkitModule {
			version = dep.Version
		}
	}
	if version == "" {
		return "", "", fmt.Errorf("the oracle is not built with %s", buildkitModule)
	}
	module = buildkitModule + "@" + version
	var out bytes.Buffer
	download := exec.Command("go", "mod", "download", "-json", module)
	download.Dir = os.TempDir()
	download.Stdout = &out
	if err := download.Run(); err != nil {
		return "", "", fmt.Errorf("go mod download %s: %v (%s)", module, err, strings.TrimSpace(out.String()))
	}
	var downloaded struct{ Dir string }
	if err := json.Unmarshal(out.Bytes(), &downloaded); err != nil || downloaded.Dir == "" {
		return "", "", fmt.Errorf("go mod download %s gave no folder: %s", module, out.String())
	}
	return downloaded.Dir, module, nil
}
