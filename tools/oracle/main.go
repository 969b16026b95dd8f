// Command pdd-oracle answers questions with Docker's own Go code, so that the TypeScript library's behaviour can be
// compared with Docker's on generated inputs (the tests build it through scripts/setup and run it once per question).
//
// Each subcommand reads one JSON request on stdin and prints one JSON answer on stdout: the subcommand's result, or
// {"error": "..."} when Docker's code refused the request (the exit status is 0 then too, since a refusal is an
// answer). Usage errors and unreadable requests exit with status 2.
//
//	pdd-oracle fsutil-select < request.json
//	pdd-oracle context-walk < request.json
//	pdd-oracle reference < request.json
//	pdd-oracle platforms < request.json
//	pdd-oracle dockerfile-verdict < request.json
//	pdd-oracle target-stage < request.json
//	echo '{}' | pdd-oracle buildkit-dockerfiles
//
// A new subcommand is a file with a function of type command, listed in commands below.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// command answers one decoded request; request is the raw JSON read from stdin.
type command func(request json.RawMessage) (any, error)

// commands are the subcommands by name.
var commands = map[string]command{
	"buildkit-dockerfiles": buildkitDockerfiles,
	"context-walk":         contextWalk,
	"dockerfile-verdict":   dockerfileVerdict,
	"fsutil-select":        fsutilSelect,
	"platforms":            readPlatforms,
	"reference":            parseReferences,
	"target-stage":         targetStages,
}

// errorAnswer is printed when Docker's code returns an error.
type errorAnswer struct {
	Error string `json:"error"`
}

func main() {
	if len(os.Args) != 2 || commands[os.Args[1]] == nil {
		names := make([]string, 0, len(commands))
		for name := range commands {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: pdd-oracle <subcommand> < request.json\nsubcommands: %v\n", names)
		os.Exit(2)
	}
	request, err := io.ReadAll(os.Stdin)
	if err != nil || !json.Valid(request) {
		fmt.Fprintf(os.Stderr, "pdd-oracle %s: stdin is not one JSON value (%v)\n", os.Args[1], err)
		os.Exit(2)
	}
	answer, err := commands[os.Args[1]](request)
	if err != nil {
		answer = errorAnswer{Error: err.Error()}
	}
	if err := json.NewEncoder(os.Stdout).Encode(answer); err != nil {
		fmt.Fprintf(os.Stderr, "pdd-oracle %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
