module github.com/corsheaders/corsheaders/pgorigins

go 1.25.0

require (
	github.com/corsheaders/corsheaders/core v0.1.0
	github.com/jackc/pgx/v5 v5.12.0
)
