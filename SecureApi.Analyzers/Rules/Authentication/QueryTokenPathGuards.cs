using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Authentication;

/// <summary>
/// The SignalR pattern (SAPI1007 must not flag it): WebSockets and server-sent events cannot carry an Authorization
/// header, so the token of a hub connection travels as <c>?access_token=</c>, and the app takes it from the query only
/// for the hub's path. The read is limited when it sits in (or after an early return of) a condition that checks the
/// request's path (<c>path.StartsWithSegments("/hubs")</c>, <c>Path.Value.StartsWith(...)</c>, <c>Path == ...</c>), a
/// WebSocket request (<c>IsWebSocketRequest</c>) or a hub by name (<c>IsHubRequest(context)</c>); in a JwtBearer
/// <c>OnMessageReceived</c> handler, also when every <c>context.Token = ...</c> that uses it is so limited.
/// </summary>
internal sealed class QueryTokenPathGuards
{
    private readonly INamedTypeSymbol _pathString;
    private readonly INamedTypeSymbol? _messageReceivedContext;

    public QueryTokenPathGuards(INamedTypeSymbol pathString, INamedTypeSymbol? messageReceivedContext)
    {
        _pathString = pathString;
        _messageReceivedContext = messageReceivedContext;
    }

    /// <summary>Is the query read (or, in <c>OnMessageReceived</c>, every use of the token it feeds) limited to some request paths?</summary>
    public bool IsLimited(IOperation read, IOperation function)
    {
        if (IsGuarded(read, function))
        {
            return true;
        }

        var tokenAssignments = function.Descendants()
            .OfType<ISimpleAssignmentOperation>()
            .Where(a => a.Target is IPropertyReferenceOperation { Property.Name: "Token" } target && target.Property.ContainingType.IsOrDerivesFrom(_messageReceivedContext))
            .ToList();
        return tokenAssignments.Count > 0 && tokenAssignments.All(a => IsGuarded(a, function));
    }

    /// <summary>Is the request a JwtBearer <c>MessageReceived</c> event: does the function take its context?</summary>
    public bool IsMessageReceived(IMethodSymbol? function) =>
        function is not null && function.Parameters.Any(p => p.Type.IsOrDerivesFrom(_messageReceivedContext));

    private bool IsGuarded(IOperation operation, IOperation function)
    {
        IOperation child = operation;
        for (var parent = operation.Parent; parent is not null && child != function; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when ChecksPath(conditional.Condition):
                    return true;

                // var ok = path.StartsWithSegments("/hubs") && Request.Query.TryGetValue(...)
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when both.RightOperand == child && ChecksPath(both.LeftOperand):
                    return true;

                // if (!path.StartsWithSegments("/hubs")) return Task.CompletedTask;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IConditionalOperation { WhenFalse: null } guard && guard.WhenTrue.Exits() && ChecksPath(guard.Condition))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>A comparison of the request path, a WebSocket test, or a call named for hubs, paths or WebSockets.</summary>
    private bool ChecksPath(IOperation condition)
    {
        var mentionsPath = false;
        var compares = false;
        foreach (var operation in condition.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation call when NamesHubOrPath(call.TargetMethod.Name):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "IsWebSocketRequest" }:
                    return true;
                case IInvocationOperation { TargetMethod.Name: "StartsWithSegments" or "StartsWith" or "EndsWith" or "Equals" or "Contains" }:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                    compares = true;
                    break;
            }

            mentionsPath |= operation.Type.Is(_pathString);
        }

        return mentionsPath && compares;
    }

    private static bool NamesHubOrPath(string name) =>
        name.IndexOf("Hub", System.StringComparison.Ordinal) >= 0 || name.IndexOf("SignalR", System.StringComparison.OrdinalIgnoreCase) >= 0
        || name.IndexOf("WebSocket", System.StringComparison.OrdinalIgnoreCase) >= 0;
}
