//go:build !unix

package cognitojwt

// processCPU is not measured here: the benchmarks report wall-clock time only.
func processCPU() (int64, bool) { return 0, false }
