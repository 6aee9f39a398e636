# tests/: unit and integration tests
