// The oracle's Docker code, at the versions BuildKit v0.34.2 pins (its go.mod); bump them together with BuildKit.
module pulumi-docker-dynamic/tools/oracle

go 1.25.0

require (
	github.com/distribution/reference v0.6.0 // buildkit-v0.34.2
	github.com/moby/go-archive v0.2.0 // buildkit-v0.34.2 (the docker CLI's classic-builder tar)
	github.com/moby/patternmatcher v0.6.1 // buildkit-v0.34.2
	github.com/tonistiigi/fsutil v0.0.0-20261103091533-a72de9dcf763 // buildkit-v0.34.2
)

require (
	github.com/Microsoft/go-winio v0.6.2 // indirect
	github.com/containerd/continuity v0.5.0 // indirect
	github.com/containerd/log v0.1.0 // indirect
	github.com/klauspost/compress v1.18.2 // indirect
	github.com/moby/sys/sequential v0.6.0 // indirect
	github.com/moby/sys/user v0.4.0 // indirect
	github.com/moby/sys/userns v0.1.0 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/planetscale/vtprotobuf v0.6.0 // indirect
	github.com/sirupsen/logrus v1.9.4 // indirect
	golang.org/x/sync v0.19.0 // indirect
	golang.org/x/sys v0.41.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
