package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// verdictRequest is a batch of Dockerfiles, judged one by one (one process for many, to keep process starts few).
type verdictRequest struct {
	// Dockerfiles are the files' texts.
	Dockerfiles []string `json:"dockerfiles"`
}

// verdict is BuildKit's answer for one Dockerfile: accepted, refused (with the line, when BuildKit names one), or
// skipped because BuildKit's own code panicked on it.
type verdict struct {
	// ok is whether BuildKit's parser and instruction parser accept the file.
	ok bool
	// message is BuildKit's error when it refuses the file.
	message string
	// line is the first line of the first location BuildKit's error carries, nil when it carries none.
	line *int
	// skipped says why there is no verdict: BuildKit panicked.
	skipped string
}

// MarshalJSON writes {"ok": true}, {"ok": false, "error": ..., "line": N or null} or {"skipped": ...}.
func (v verdict) MarshalJSON() ([]byte, error) {
	switch {
	case v.skipped != "":
		return json.Marshal(map[string]string{"skipped": v.skipped})
	case v.ok:
		return json.Marshal(map[string]bool{"ok": true})
	default:
		return json.Marshal(map[string]any{"ok": false, "error": v.message, "line": v.line})
	}
}

// verdictAnswer holds one verdict per Dockerfile, in the request's order.
type verdictAnswer struct {
	Verdicts []verdict `json:"verdicts"`
}

// dockerfileVerdict judges each Dockerfile as BuildKit's Dockerfile frontend does before it builds anything
// (dockerfile2llb's toDispatchState, up to its first use of the stages): an empty file, the `# check=` directive's
// options, parser.Parse (the file's structure: directives, continuations, heredocs, the line parsers), then
// instructions.Parse (each instruction's arguments and flags, ONBUILD triggers, stage names, instructions before the
// first FROM), then at least one stage.
func dockerfileVerdict(raw json.RawMessage) (any, error) {
	var request verdictRequest
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}
	answer := verdictAnswer{Verdicts: make([]verdict, 0, len(request.Dockerfiles))}
	for _, dockerfile := range request.Dockerfiles {
		answer.Verdicts = append(answer.Verdicts, judge(dockerfile))
	}
	return answer, nil
}

// judge gives BuildKit's verdict on one Dockerfile; a panic in BuildKit's code becomes a skipped verdict.
func judge(dockerfile string) (v verdict) {
	defer func() {
		if recovered := recover(); recovered != nil {
			v = verdict{skipped: fmt.Sprintf("panic: %v", recovered)}
		}
	}()
	err := buildkitParse(dockerfile)
	if err == nil {
		return verdict{ok: true}
	}
	return verdict{message: err.Error(), line: errorLine(err)}
}

// buildkitParse runs what toDispatchState runs before building, in its order.
func buildkitParse(dockerfile string) error {
	_, err := buildkitStages(dockerfile)
	return err
}

// buildkitStages runs what toDispatchState runs before building, in its order, and returns the stages it read. The
// linter is one without a warning function, as a build without warnings has: it changes no verdict, and
// instructions.Parse dereferences a nil one when a comment before an instruction holds check options.
func buildkitStages(dockerfile string) ([]instructions.Stage, error) {
	dt := []byte(dockerfile)
	if len(dt) == 0 {
		return nil, errors.New("the Dockerfile cannot be empty")
	}
	checks, _, _, _ := parser.ParseDirective("check", dt)
	lintConfig, err := linter.ParseLintOptions(checks)
	if err != nil {
		return nil, fmt.Errorf("failed to parse check options: %w", err)
	}
	result, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		return nil, err
	}
	stages, _, err := instructions.Parse(result.AST, linter.New(lintConfig))
	if err != nil {
		return nil, err
	}
	if len(stages) == 0 {
		return nil, errors.New("dockerfile contains no stages to build")
	}
	return stages, nil
}

// errorLine is the line BuildKit's error points at: the start of its first location, or nil without one.
func errorLine(err error) *int {
	var located *parser.LocationError
	if !errors.As(err, &located) || len(located.Locations) == 0 || len(located.Locations[0]) == 0 {
		return nil
	}
	line := located.Locations[0][0].Start.Line
	return &line
}
