package main

import (
	"context"
	"errors"
	"io"

	"github.com/baken-nl/baken/internal/config"
)

// catalogueCmd imports official texts and frameworks (stub).
func catalogueCmd(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	return errors.New("catalogue import is not available yet")
}
