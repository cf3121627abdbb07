module vcdsim/govcd-checks

go 1.19

require github.com/vmware/go-vcloud-director/v2 v2.22.0

require (
	github.com/araddon/dateparse v0.0.0-20190622164848-0fb0a474d195 // indirect
	github.com/hashicorp/go-version v1.2.0 // indirect
	github.com/kr/pretty v0.2.1 // indirect
	github.com/kr/text v0.2.0 // indirect
	github.com/peterhellberg/link v1.1.0 // indirect
	github.com/rogpeppe/go-internal v1.9.0 // indirect
)

replace (
	github.com/araddon/dateparse => ../../../../shared/clients/go/github.com/araddon/dateparse
	github.com/hashicorp/go-version => ../../../../shared/clients/go/github.com/hashicorp/go-version
	github.com/kr/pretty => ../../../../shared/clients/go/github.com/kr/pretty
	github.com/kr/text => ../../../../shared/clients/go/github.com/kr/text
	github.com/peterhellberg/link => ../../../../shared/clients/go/github.com/peterhellberg/link
	github.com/rogpeppe/go-internal => ../../../../shared/clients/go/github.com/rogpeppe/go-internal
	github.com/vmware/go-vcloud-director/v2 => ../../../../shared/clients/go/github.com/vmware/go-vcloud-director/v2
)
