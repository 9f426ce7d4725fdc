using System.Runtime.CompilerServices;

// Lets the tests drive TensorBytes with tiny chunks, so chunk boundaries are checked without gigabyte files.
[assembly: InternalsVisibleTo("AsymVLM.Tests")]
