package main

import (
	"encoding/json"

	"github.com/containerd/platforms"
)

// platformsRequest lists platform strings to read.
type platformsRequest struct {
	// Specifiers are read one by one, as `docker build --platform` and the engine's /build read them.
	Specifiers []string `json:"specifiers"`
}

// platformReading is containerd's reading of one string: Parse, then Normalize.
type platformReading struct {
	// OK is whether platforms.Parse accepted it.
	OK bool `json:"ok"`
	// Error is Parse's error when it did not.
	Error string `json:"error,omitempty"`
	// Normalized is platforms.Format(platforms.Normalize(p)): `os/arch[/variant]`.
	Normalized string `json:"normalized,omitempty"`
	// OSVersion is the normalised platform's OS version (the `(…)` after the OS), when it has one.
	OSVersion string `json:"osVersion,omitempty"`
	// OSFeatures are the normalised platform's OS features (`+feature` in the parentheses), sorted, once each.
	OSFeatures []string `json:"osFeatures,omitempty"`
}

// hostPlatform is the platform Parse completes a one-part string with: the oracle's own OS, architecture and (on ARM)
// CPU variant.
type hostPlatform struct {
	// OS is runtime.GOOS.
	OS string `json:"os"`
	// Architecture is runtime.GOARCH.
	Architecture string `json:"architecture"`
	// Variant is the CPU variant on ARM, else empty.
	Variant string `json:"variant,omitempty"`
}

// platformsAnswer holds one reading per requested string, in the request's order, and the host that completes
// one-part strings.
type platformsAnswer struct {
	Host      hostPlatform      `json:"host"`
	Platforms []platformReading `json:"platforms"`
}

// readPlatforms reads each string with containerd's platforms.Parse and platforms.Normalize (the package moby and
// BuildKit read `--platform` with) and reports the verdict and the normalised platform.
func readPlatforms(raw json.RawMessage) (any, error) {
	var request platformsRequest
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}
	host := platforms.DefaultSpec()
	answer := platformsAnswer{
		Host:      hostPlatform{OS: host.OS, Architecture: host.Architecture, Variant: host.Variant},
		Platforms: make([]platformReading, 0, len(request.Specifiers)),
	}
	for _, specifier := range request.Specifiers {
		parsed, err := platforms.Parse(specifier)
		if err != nil {
			answer.Platforms = append(answer.Platforms, platformReading{Error: err.Error()})
			continue
		}
		normalized := platforms.Normalize(parsed)
		answer.Platforms = append(answer.Platforms, platformReading{
			OK:         true,
			Normalized: platforms.Format(normalized),
			OSVersion:  normalized.OSVersion,
			OSFeatures: normalized.OSFeatures,
		})
	}
	return answer, nil
}
