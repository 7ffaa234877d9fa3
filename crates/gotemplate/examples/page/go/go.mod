module renderpage

go 1.19
