module vcdsimtest

go 1.19
