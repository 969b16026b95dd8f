package main

import (
	// go-digest knows a digest algorithm only when its hash is linked in, as it is in the docker CLI and the engine.
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/json"

	"github.com/distribution/reference"
)

// referenceRequest lists image references to parse.
type referenceRequest struct {
	// Names are parsed one by one.
	Names []string `json:"names"`
}

// parsedReference is distribution/reference's reading of one name.
type parsedReference struct {
	// OK is whether ParseNormalizedNamed accepted it.
	OK bool `json:"ok"`
	// Error is ParseNormalizedNamed's error when it did not.
	Error string `json:"error,omitempty"`
	// Domain is reference.Domain: the registry, docker.io when the name has none.
	Domain *string `json:"domain,omitempty"`
	// Path is reference.Path: the repository inside the registry (library/ added on Docker Hub).
	Path *string `json:"path,omitempty"`
	// NameOnly is reference.IsNameOnly: no tag and no digest.
	NameOnly *bool `json:"nameOnly,omitempty"`
	// Tag is the tag, when the name has one.
	Tag string `json:"tag,omitempty"`
	// Digest is the digest, when the name has one.
	Digest string `json:"digest,omitempty"`
}

// referenceAnswer holds one parsed reference per requested name, in the request's order.
type referenceAnswer struct {
	References []parsedReference `json:"references"`
}

// parseReferences reads each name with reference.ParseNormalizedNamed, as the docker CLI and the engine read an image
// name, and reports its verdict, registry and path split, and tag and digest.
func parseReferences(raw json.RawMessage) (any, error) {
	var request referenceRequest
	if err := json.Unmarshal(raw, &request); err != nil {
		return nil, err
	}
	answer := referenceAnswer{References: make([]parsedReference, 0, len(request.Names))}
	for _, name := range request.Names {
		named, err := reference.ParseNormalizedNamed(name)
		if err != nil {
			answer.References = append(answer.References, parsedReference{Error: err.Error()})
			continue
		}
		domain, path, nameOnly := reference.Domain(named), reference.Path(named), reference.IsNameOnly(named)
		parsed := parsedReference{OK: true, Domain: &domain, Path: &path, NameOnly: &nameOnly}
		if tagged, ok := named.(reference.Tagged); ok {
			parsed.Tag = tagged.Tag()
		}
		if digested, ok := named.(reference.Digested); ok {
			parsed.Digest = digested.Digest().String()
		}
		answer.References = append(answer.References, parsed)
	}
	return answer, nil
}
