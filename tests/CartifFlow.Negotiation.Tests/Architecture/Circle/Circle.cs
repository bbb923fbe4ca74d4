// Two namespaces that use each other only in method bodies (a lambda and a local), for NamespaceGraph's own test.
namespace CartifFlow.Negotiation.Tests.Architecture.Circle.A
{
    internal static class First
    {
        public static int Count(IEnumerable<int> values) => values.Count(v => B.Second.IsOdd(v));
    }
}

namespace CartifFlow.Negotiation.Tests.Architecture.Circle.B
{
    internal static class Second
    {
        public static bool IsOdd(int value) => value % 2 == 1;

        public static int Twice()
        {
            var values = new List<int> { 1, 2 };
            return A.First.Count(values) * 2;
        }
    }
}
