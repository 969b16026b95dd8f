package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerui"
)

// stageLabel is the label each stage of a request's Dockerfiles sets to its index (`LABEL pdd.stage=<i>`): the image
// BuildKit's converter returns for a target carries the label of the stage it built, which is how the answer names
// the stage BuildKit selected.
const stageLabel = "pdd.stage"

// targetRequest is a batch of Dockerfile and target pairs.
type targetRequest struct {
	// Cases are answered one by one, in order.
	Cases []targetCase `json:"cases"`
}

// targetCase is one Dockerfile (its stages `FROM scratch [AS <name>]`, each followed by `LABEL pdd.stage=<index>`)
// and a non-empty target.
type targetCase struct {
	Dockerfile string `json:"dockerfile"`
	Target     string `json:"target"`
}

// targetAnswer is which stage (its index) each builder selects for one case; nil when it finds none.
type targetAnswer struct {
	// Buildkit is the stage dockerfile2llb.Dockerfile2LLB builds for the target (resolveTarget, findStateByName).
	Buildkit *int `json:"buildkit"`
	// BuildkitError is Dockerfile2LLB's error when it selects none ("target stage … could not be found").
	BuildkitError string `json:"buildkitError,omitempty"`
	// Classic is the stage instructions.HasStage finds, as moby's classic builder asks it.
	Classic *int `json:"classic"`
	// Skipped says why there is no answer: BuildKit's code panicked, or refused the file itself.
	Skipped string `json:"skipped,omitempty"`
}

// targetStages answers, for each case, which stage BuildKit and the classic builder select for the target: BuildKit
// through its whole Dockerfile converter (no image is resolved: every stage is FROM scratch), the classic builder
// through instructions.HasStage over instructions.Parse's stages, as moby's builder/dockerfile calls it.
func targetStages(raw json.RawMessage) (any, error) {
	var request targetRequest
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}
	answers := make([]targetAnswer, 0, len(request.Cases))
	for _, c := range request.Cases {
		answers = append(answers, answerTarget(c))
	}
	return map[string]any{"answers": answers}, nil
}

// answerTarget answers one case; a panic in BuildKit's code becomes a skipped answer.
func answerTarget(c targetCase) (answer targetAnswer) {
	defer func() {
		if recovered := recover(); recovered != nil {
			answer = targetAnswer{Skipped: fmt.Sprintf("panic: %v", recovered)}
		}
	}()
	stages, err := buildkitStages(c.Dockerfile)
	if err != nil {
		return targetAnswer{Skipped: "BuildKit refuses the Dockerfile: " + err.Error()}
	}
	if index, found := instructions.HasStage(stages, c.Target); found {
		answer.Classic = &index
	}
	converted, err := dockerfile2llb.Dockerfile2LLB(context.Background(), []byte(c.Dockerfile), dockerfile2llb.ConvertOpt{
		Config: dockerui.Config{Target: c.Target},
	})
	if err != nil {
		answer.BuildkitError = err.Error()
		return answer
	}
	label, ok := converted.Image.Config.Labels[stageLabel]
	if !ok {
		return targetAnswer{Skipped: "the built stage has no " + stageLabel + " label"}
	}
	index, err := strconv.Atoi(label)
	if err != nil {
		return targetAnswer{Skipped: "label " + stageLabel + "=" + label + " is not a number"}
	}
	answer.Buildkit = &index
	return answer
}
