package main

import (
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"

	"github.com/tonistiigi/fsutil"
)

// selectRequest is what BuildKit asks of a local source in one DiffCopy call (session/filesync's metadata).
type selectRequest struct {
	// Dir is the absolute path of the folder served.
	Dir string `json:"dir"`
	// FollowPaths are BuildKit's `followpaths`.
	FollowPaths []string `json:"followPaths"`
	// IncludePatterns are BuildKit's `include-patterns`.
	IncludePatterns []string `json:"includePatterns"`
	// ExcludePatterns are BuildKit's `exclude-patterns`.
	ExcludePatterns []string `json:"excludePatterns"`
}

// selectAnswer lists the paths BuildKit's own sender would send.
type selectAnswer struct {
	// Paths are slash-separated and relative to Dir, in the order the sender lists them.
	Paths []string `json:"paths"`
}

// fsutilSelect walks Dir as BuildKit's session/filesync serves it: fsutil.NewFilterFS over fsutil.NewFS with the
// request's patterns, walked from the root as fsutil's sender walks it.
func fsutilSelect(raw json.RawMessage) (any, error) {
	var request selectRequest
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}
	dir, err := fsutil.NewFS(request.Dir)
	if err != nil {
		return nil, err
	}
	filtered, err := fsutil.NewFilterFS(dir, &fsutil.FilterOpt{
		IncludePatterns: absentWhenEmpty(request.IncludePatterns),
		ExcludePatterns: absentWhenEmpty(request.ExcludePatterns),
		FollowPaths:     absentWhenEmpty(request.FollowPaths),
	})
	if err != nil {
		return nil, err
	}
	answer := selectAnswer{Paths: []string{}}
	err = filtered.Walk(context.Background(), string(filepath.Separator), func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		answer.Paths = append(answer.Paths, filepath.ToSlash(path))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return answer, nil
}

// absentWhenEmpty reads an empty list as BuildKit's session delivers it: gRPC metadata has no key without values, so
// the sender gets nil (fsutil treats a nil FollowPaths differently from an empty one).
func absentWhenEmpty(values []string) []string {
	if len(values) == 0 {
		return nil
	}
	return values
}
