//go:build unix

package main

import "syscall"

// folderWritable reports whether the process may create files in dir.
func folderWritable(dir string) bool {
	const wOK = 0x2 // W_OK of access(2)
	return syscall.Access(dir, wOK) == nil
}
