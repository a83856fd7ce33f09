using BenchmarkDotNet.Running;

// `deploy/mash bench [filter]` runs this with --filter, --artifacts and --job.
BenchmarkSwitcher.FromAssembly(typeof(Mash.Benchmarks.EvaluationBenchmark).Assembly).Run(args);
