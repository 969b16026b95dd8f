package main

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/moby/go-archive"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/tonistiigi/fsutil"
)

// contextWalkRequest is a build context and the text of its ignore file.
type contextWalkRequest struct {
	// Dir is the absolute path of the context folder.
	Dir string `json:"dir"`
	// IgnoreText is the ignore file's text, read as the docker CLI and BuildKit's Dockerfile frontend read it.
	IgnoreText string `json:"ignoreText"`
}

// walkedPaths is one builder's file set, or why it has none.
type walkedPaths struct {
	// Paths are slash-separated and relative to Dir, in the order the walk or the tar lists them; absent on an error.
	Paths *[]string `json:"paths,omitempty"`
	// Error is the builder's error when it refused the patterns or failed during the walk.
	Error string `json:"error,omitempty"`
}

// contextWalkAnswer is what BuildKit sends (fsutil's walk, at the top level: an "error" key there is BuildKit's
// refusal) and what the classic builder gets from the docker CLI (go-archive's tar).
type contextWalkAnswer struct {
	walkedPaths
	// Classic is the file set of `DOCKER_BUILDKIT=0 docker build`: the docker CLI's TarWithOptions.
	Classic walkedPaths `json:"classic"`
}

// contextWalk reads IgnoreText with ignorefile.ReadAll and answers with the paths fsutil.Walk sends with those
// patterns as ExcludePatterns (what buildx and the docker CLI's BuildKit client serve for the Dockerfile frontend's
// context), and with the entries go-archive's TarWithOptions writes with them (the classic builder's context).
func contextWalk(raw json.RawMessage) (any, error) {
	var request contextWalkRequest
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}
	patterns, err := ignorefile.ReadAll(strings.NewReader(request.IgnoreText))
	if err != nil {
		return nil, err
	}
	answer := contextWalkAnswer{walkedPaths: fsutilWalk(request.Dir, patterns), Classic: classicTar(request.Dir, patterns)}
	return answer, nil
}

// fsutilWalk lists what fsutil.Walk visits from dir with patterns as ExcludePatterns.
func fsutilWalk(dir string, patterns []string) walkedPaths {
	paths := []string{}
	err := fsutil.Walk(context.Background(), dir, &fsutil.FilterOpt{ExcludePatterns: patterns},
		func(path string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			paths = append(paths, filepath.ToSlash(path))
			return nil
		})
	if err != nil {
		return walkedPaths{Error: err.Error()}
	}
	return walkedPaths{Paths: &paths}
}

// classicTar lists the entries of go-archive's TarWithOptions of dir with patterns as ExcludePatterns, without the
// trailing slash of folders. TarWithOptions logs the errors of its walk and ends the tar early: a tar cut short is
// what the classic builder gets then, so those are not errors here.
func classicTar(dir string, patterns []string) walkedPaths {
	stream, err := archive.TarWithOptions(dir, &archive.TarOptions{ExcludePatterns: patterns})
	if err != nil {
		return walkedPaths{Error: err.Error()}
	}
	defer stream.Close()
	paths := []string{}
	reader := tar.NewReader(stream)
	for {
		header, err := reader.Next()
		if errors.Is(err, io.EOF) {
			return walkedPaths{Paths: &paths}
		}
		if err != nil {
			return walkedPaths{Error: err.Error()}
		}
		paths = append(paths, strings.TrimSuffix(header.Name, "/"))
	}
}
