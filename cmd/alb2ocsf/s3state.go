package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkStateFolder returns an error when the folder of a --new-objects-state
// file is missing or not writable, so the run fails before converting anything
// rather than when it saves the state. It creates nothing.
func checkStateFolder(statePath string) error {
	if statePath == "" {
		return nil
	}
	dir := filepath.Dir(statePath)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("invalid --new-objects-state: folder %s not found; create it first", dir)
	}
	if !info.IsDir() {
		return fmt.Errorf("invalid --new-objects-state: %s is not a folder", dir)
	}
	if !folderWritable(dir) {
		return fmt.Errorf("invalid --new-objects-state: folder %s is not writable", dir)
	}
	return nil
}
