// Module used by scripts/install.sh to build the docker compose CLI plugin. Compose's own
// go.mod has exclude directives, which `go install pkg@version` refuses; they are repeated here.
module busan/composebuild

go 1.24

exclude (
	github.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc
	github.com/pmezard/go-difflib v1.0.1-0.20181226105442-5d4384ee4fb2
)
