using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>Why the output of a crypto call may not change.</summary>
internal enum CryptoOutputUse
{
    /// <summary><c>==</c>, <c>Equals</c>, <c>SequenceEqual</c>, <c>FixedTimeEquals</c>, a pattern, <c>Verify*</c>/<c>Validate*</c>/<c>Check*</c>/<c>Matches*</c>/<c>Compare*</c>.</summary>
    Compared,

    /// <summary>Assigned to a field or property, written to a file, a stream or a database.</summary>
    Stored,

    /// <summary>An HTTP header, a response, an action's or endpoint's result, HttpClient.</summary>
    Sent,

    /// <summary>Ciphertext (or the cipher) returned or handed on: it exists to be decrypted elsewhere.</summary>
    LeavesMethod,

    /// <summary>The cipher decrypts data this code did not encrypt with it.</summary>
    DecryptsOtherData,

    /// <summary>A key, IV or size AES does not accept, or not visibly one it does.</summary>
    UnfitInput,

    /// <summary>A comment says another system requires the algorithm.</summary>
    Interop,

    /// <summary>Too far to follow (deep call chains, many uses): no fix rather than a guess.</summary>
    Unknown,
}

/// <summary>One use that stops a behaviour-changing fix, with where it is.</summary>
internal sealed class CryptoOutputEscape
{
    public CryptoOutputEscape(CryptoOutputUse use, string what, SyntaxNode? node)
    {
        Use = use;
        What = what;
        Node = node;
    }

    public CryptoOutputUse Use { get; }

    /// <summary>What happens to the output, in a few words ("compared by FixedTimeEquals").</summary>
    public string What { get; }

    public SyntaxNode? Node { get; }

    public override string ToString() => Use + ": " + What;
}

/// <summary>How strictly <see cref="CryptoOutputUses"/> reads the uses of an output.</summary>
internal sealed class CryptoOutputOptions
{
    /// <summary>Digests, MACs, derived keys, password hashes: a use must show that the value is compared, stored or sent.</summary>
    public static readonly CryptoOutputOptions Digest = new(ciphertext: false, checkAesKey: false);

    private CryptoOutputOptions(bool ciphertext, bool checkAesKey)
    {
        Ciphertext = ciphertext;
        CheckAesKey = checkAesKey;
    }

    /// <summary>
    /// The output is ciphertext (or the cipher object): whatever leaves the method is taken to be stored or sent, and
    /// the key (for DES and RC2, whose keys AES does not take), the IV and the sizes set on the cipher must fit AES.
    /// </summary>
    public static CryptoOutputOptions Cipher(bool checkAesKey) => new(ciphertext: true, checkAesKey);

    public bool Ciphertext { get; }

    public bool CheckAesKey { get; }
}

/// <summary>
/// "Does the output of this crypto call escape to something that compares, stores or sends it?" The gate of every
/// behaviour-changing crypto fix (SAPI6001-SAPI6004): a fix whose output differs from the old output is offered only
/// where nothing relies on the old output. The value is followed through conversions, locals, string and byte
/// transformations, collections, hash and cipher objects, into methods of the same compilation it is passed to, and
/// from a returning method to its callers in the same compilation (trees of other compilations are never bound).
/// Comparisons of two values that both come from the changed call keep their result and are not escapes; neither are
/// keys of in-memory sets, dictionaries and caches filled in this process, logging, or the ETag response header.
/// Run only when a fix is computed, never on every keystroke.
/// </summary>
internal static class CryptoOutputUses
{
    /// <summary>The first use of <paramref name="output"/> that stops the fix; null when the new output is safe to produce.</summary>
    public static CryptoOutputEscape? Find(IOperation output, CryptoOutputOptions options, Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            return new Flow(compilation, options, cancellationToken).Run(output);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Half-typed code or an unexpected shape: no fix rather than a wrong one.
            return new CryptoOutputEscape(CryptoOutputUse.Unknown, "could not be followed: " + exception.GetType().Name, output.Syntax);
        }
    }

    /// <summary>Where a value returned from a method it was passed to goes on: the calls it returns to, innermost first.</summary>
    private sealed class ReturnContext
    {
        public ReturnContext(IOperation call, ReturnContext? outer)
        {
            Call = call;
            Outer = outer;
        }

        public IOperation Call { get; }

        public ReturnContext? Outer { get; }
    }

    private readonly struct Item
    {
        public Item(IOperation operation, bool strict, int depth, ReturnContext? returnTo, bool decryptor)
        {
            Operation = operation;
            Strict = strict;
            Depth = depth;
            ReturnTo = returnTo;
            Decryptor = decryptor;
        }

        public IOperation Operation { get; }

        /// <summary>Ciphertext rules: leaving the method is an escape.</summary>
        public bool Strict { get; }

        /// <summary>Calls followed so far (into callees and out to callers).</summary>
        public int Depth { get; }

        public ReturnContext? ReturnTo { get; }

        /// <summary>A decrypting transform (<c>CreateDecryptor()</c>) of the changed cipher.</summary>
        public bool Decryptor { get; }

        public Item With(IOperation operation) => new(operation, Strict, Depth, ReturnTo, Decryptor);

        public Item With(IOperation operation, bool strict, bool decryptor) => new(operation, strict, Depth, ReturnTo, decryptor);
    }

    private sealed class Flow
    {
        private const int MaxSteps = 4000;
        private const int MaxDepth = 4;

        private static readonly HashSet<string> DestinationParameters = new(StringComparer.Ordinal)
        {
            "destination", "output", "outputBuffer", "ciphertext", "tag", "hash", "signature",
        };

        private readonly CryptoOutputOptions _options;
        private readonly CryptoOutputSinks _sinks;
        private readonly ConstantBytes _bytes;
        private readonly CryptoReferences _references;
        private readonly CancellationToken _cancellationToken;
        private readonly Queue<Item> _work = new();
        private readonly HashSet<(IOperation, ReturnContext?)> _visits = new();
        private readonly HashSet<IOperation> _tainted = new();
        private readonly HashSet<(ISymbol, ReturnContext?)> _symbolVisits = new();
        private readonly HashSet<ISymbol> _taintedSymbols = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _decryptors = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _followed = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IOperation, Dictionary<ISymbol, List<IOperation>>> _index = new();
        private readonly List<(CryptoOutputEscape Escape, IOperation[] Unless)> _deferred = new();

        public Flow(Compilation compilation, CryptoOutputOptions options, CancellationToken cancellationToken)
        {
            var types = KnownTypes.For(compilation);
            _options = options;
            _sinks = new CryptoOutputSinks(types);
            _bytes = new ConstantBytes(types);
            _references = CryptoReferences.For(compilation);
            _cancellationToken = cancellationToken;
        }

        public CryptoOutputEscape? Run(IOperation output)
        {
            var start = new Item(output, _options.Ciphertext, 0, null, decryptor: false);
            if (output.WalkDownConversions() is ILocalReferenceOperation local)
            {
                TaintSymbol(local.Local, start);
            }
            else
            {
                Enqueue(start);
            }

            var steps = 0;
            while (_work.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (++steps > MaxSteps)
                {
                    return new CryptoOutputEscape(CryptoOutputUse.Unknown, "too many uses to follow", output.Syntax);
                }

                if (Visit(_work.Dequeue()) is { } escape)
                {
                    return escape;
                }
            }

            // A comparison of two values that both come from the changed call keeps its result.
            foreach (var (escape, unless) in _deferred)
            {
                if (unless.Length == 0 || !unless.All(IsTainted))
                {
                    return escape;
                }
            }

            return null;
        }

        private void Enqueue(Item item)
        {
            if (_visits.Add((item.Operation, item.ReturnTo)))
            {
                _tainted.Add(item.Operation);
                _work.Enqueue(item);
            }
        }

        private CryptoOutputEscape? Continue(IOperation next, Item from)
        {
            Enqueue(from.With(next));
            return null;
        }

        private CryptoOutputEscape? Visit(Item item)
        {
            var value = item.Operation.WalkUpConversions();
            _tainted.Add(value);
            var parent = value.Parent;
            switch (parent)
            {
                case null:
                    return null;

                case IAwaitOperation or IUnaryOperation or ITupleOperation or IInterpolatedStringOperation or IArrayInitializerOperation
                    or IArrayCreationOperation or ICoalesceOperation or IWithOperation:
                    return Continue(parent, item);

                case IInterpolationOperation { Parent: { } interpolated }:
                    return Continue(interpolated, item);

                case IConditionalOperation conditional:
                    return conditional.Condition == value ? null : Continue(conditional, item);

                case IConditionalAccessOperation access:
                    return access.Operation == value ? ConditionalReceiver(access, item) : Continue(access, item);

                case IBinaryOperation binary when IsComparison(binary.OperatorKind):
                    var other = (binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand).WalkDownConversions();
                    return IsNull(other) || CryptoOutputSinks.IsETagRevalidation(other)
                        ? null
                        : Defer(CryptoOutputUse.Compared, "compared with " + Text(other), binary, new[] { other });

                case IBinaryOperation binary:
                    return Continue(binary, item);

                case IIsPatternOperation pattern:
                    return pattern.Value != value || IsNullOrTypeCheck(pattern.Pattern)
                        ? null
                        : Escape(CryptoOutputUse.Compared, "matched against a pattern", pattern);

                case ISwitchOperation switchStatement:
                    return switchStatement.Value == value ? Escape(CryptoOutputUse.Compared, "switched on", switchStatement) : null;

                case ISwitchExpressionOperation switchExpression:
                    return switchExpression.Value == value ? Escape(CryptoOutputUse.Compared, "switched on", switchExpression) : null;

                case ISwitchExpressionArmOperation arm:
                    return arm.Value == value && arm.Parent is { } expression ? Continue(expression, item) : null;

                case IArgumentOperation argument:
                    return Argument(argument, value, item);

                case IInvocationOperation call:
                    return call.Instance == value ? Call(call, value, argument: null, item) : null;

                case IPropertyReferenceOperation property:
                    return property.Instance == value ? PropertyOf(property, item) : null;

                case IFieldReferenceOperation field:
                    return field.Instance == value && !IsAssignmentTarget(field) ? Continue(field, item) : null;

                case IArrayElementReferenceOperation element:
                    return element.ArrayReference == value && !IsAssignmentTarget(element) ? Continue(element, item) : null;

                case IImplicitIndexerReferenceOperation indexer:
                    return indexer.Instance == value && !IsAssignmentTarget(indexer) ? Continue(indexer, item) : null;

                case IDeconstructionAssignmentOperation deconstruction:
                    return deconstruction.Value == value ? Escape(CryptoOutputUse.Unknown, "deconstructed", deconstruction) : null;

                case IAssignmentOperation assignment:
                    return assignment.Value == value ? Store(assignment, value, item) : null;

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return TaintSymbol(declarator.Symbol, item);

                case IFieldInitializerOperation fields:
                    foreach (var field in fields.InitializedFields)
                    {
                        if (IntoField(field, value, item, fields) is { } escape)
                        {
                            return escape;
                        }
                    }

                    return null;

                case IPropertyInitializerOperation properties:
                    foreach (var property in properties.InitializedProperties)
                    {
                        if (IntoField(property, value, item, properties) is { } escape)
                        {
                            return escape;
                        }
                    }

                    return null;

                case IReturnOperation ret:
                    return ret.ReturnedValue == value ? Return(ret, item) : null;

                case IForEachLoopOperation loop:
                    if (loop.Collection == value)
                    {
                        foreach (var local in loop.Locals)
                        {
                            TaintSymbol(local, item);
                        }
                    }

                    return null;

                case IExpressionStatementOperation or IUsingOperation or IUsingDeclarationOperation or IThrowOperation or INameOfOperation
                    or IIsTypeOperation or ILockOperation or IInvalidOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation
                    or ITypeOfOperation or IBlockOperation or IWhileLoopOperation or IForLoopOperation:
                    return null;

                default:
                    // Anything else that computes a value from it carries it on: a collection expression and its spread
                    // elements (OperationKind.None in Roslyn 4.8, their own kinds in later compilers), a range, a checked block.
                    return parent.Kind == OperationKind.None || HasValue(parent)
                           || parent.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.CollectionElementSyntax
                        ? Continue(parent, item)
                        : null;
            }
        }

        private CryptoOutputEscape? ConditionalReceiver(IConditionalAccessOperation access, Item item)
        {
            foreach (var operation in access.WhenNotNull.DescendantsAndSelf())
            {
                if (operation is IConditionalAccessInstanceOperation placeholder && placeholder.GetConditionalAccess() == access)
                {
                    Enqueue(item.With(placeholder));
                }
            }

            return null;
        }

        private CryptoOutputEscape? Argument(IArgumentOperation argument, IOperation value, Item item) => argument.Parent switch
        {
            IInvocationOperation call => Call(call, value, argument, item),
            IObjectCreationOperation creation => Creation(creation, value, item),
            IPropertyReferenceOperation indexer => Indexer(indexer, item),
            { } other => Continue(other, item),
            _ => null,
        };

        /// <summary><paramref name="value"/> is the receiver (<paramref name="argument"/> null) or an argument of <paramref name="call"/>.</summary>
        private CryptoOutputEscape? Call(IInvocationOperation call, IOperation value, IArgumentOperation? argument, Item item)
        {
            var method = call.TargetMethod;
            var type = method.ContainingType;
            var name = method.Name;
            var receiver = argument is null;
            var container = call.Instance ?? (method.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            var self = value.WalkDownConversions();
            var isContainer = receiver || container?.WalkDownConversions() == self;

            if (CryptoOutputSinks.IsComparison(name) && (isContainer || !_sinks.IsCollection(type)))
            {
                var others = Operands(call).Where(o => o != self && !IsNull(o) && IsData(o)).ToArray();
                return others.Any(CryptoOutputSinks.IsETagRevalidation)
                    ? null
                    : Defer(CryptoOutputUse.Compared, "compared by " + name + (others.Length > 0 ? " with " + Text(others[0]) : string.Empty), call, others);
            }

            if (_sinks.IsLogging(type))
            {
                return null;
            }

            if (_sinks.IsCollection(type) || _sinks.IsMemoryCache(container?.Type))
            {
                if (isContainer)
                {
                    return HasValue(call) ? Continue(call, item) : null;
                }

                // A key of an in-memory set, dictionary or cache is computed and looked up in the same process run.
                return _sinks.IsMemoryCache(container?.Type) ? null
                    : _sinks.IsInMemory(container) ? IntoContainer(container!, item)
                    : Escape(CryptoOutputUse.Compared, $"put in or looked up in a collection filled elsewhere ({name})", call);
            }

            if (CryptoOutputSinks.IsHeaders(type) || CryptoOutputSinks.IsHeaders(call.Instance?.Type))
            {
                var header = CryptoOutputSinks.HeaderName(call.Arguments);
                return CryptoOutputSinks.IsETag(header) ? null : Escape(CryptoOutputUse.Sent, $"added to the {header ?? "HTTP"} header", call);
            }

            if (!receiver && (CryptoOutputSinks.IsSentNamespace(type) || CryptoOutputSinks.IsSentNamespace(call.Instance?.Type)))
            {
                return Escape(CryptoOutputUse.Sent, $"given to {type.Name}.{name}", call);
            }

            if (_sinks.IsFileOrStream(type) || _sinks.IsFileOrStream(call.Instance?.Type))
            {
                if (receiver)
                {
                    return HasValue(call) ? Continue(call, item) : null;
                }

                return Escape(CryptoOutputUse.Stored, $"written by {type.Name}.{name}", call);
            }

            if (!receiver && call.Instance is { } stream && _sinks.IsMemoryStream(stream.Type))
            {
                return IntoContainer(stream, item);
            }

            if (!receiver && (CryptoOutputSinks.IsStoredNamespace(type) || CryptoOutputSinks.IsStoredNamespace(call.Instance?.Type)))
            {
                // A changed key of a distributed cache is a cache miss; a value is kept.
                return argument!.Parameter?.Name == "key" && type.Name.IndexOf("Cache", StringComparison.Ordinal) >= 0
                    ? null
                    : Escape(CryptoOutputUse.Stored, $"given to {type.Name}.{name}", call);
            }

            if (receiver && (_sinks.IsSymmetricAlgorithm(type) || _sinks.IsAead(type)))
            {
                return CipherCall(call, item);
            }

            if (receiver && item.Decryptor)
            {
                return name is "TransformFinalBlock" or "TransformBlock"
                    ? DecryptsUnless(call, Input(call))
                    : HasValue(call) ? Continue(call, item) : null;
            }

            if (!receiver && call.Instance is { } cipher && (_sinks.IsSymmetricAlgorithm(cipher.Type) || _sinks.IsAead(cipher.Type)))
            {
                // The changed cipher's own IV, or its ciphertext given back to it: seen where the cipher itself is followed.
                if (IsTainted(cipher))
                {
                    return null;
                }

                if (argument!.Parameter?.Name is "rgbKey" or "rgbIV" or "key" or "iv" or "nonce"
                    || argument.Parameter is { } transformParameter && _sinks.TransformInput(call.TargetMethod, transformParameter) is not null)
                {
                    // A changed key or IV given to a cipher: what it encrypts changes, what it decrypts no longer decrypts.
                    if (IsDecrypt(name) || name == "CreateDecryptor")
                    {
                        return Escape(CryptoOutputUse.DecryptsOtherData, "used to decrypt", call);
                    }

                    TaintDestinations(call, value, item.With(call, strict: true, decryptor: false));
                    return HasValue(call) ? Continue(call, item.With(call, strict: true, decryptor: false)) : null;
                }
            }

            if (!receiver && call.Instance?.WalkDownConversions() is ILocalReferenceOperation transform && _decryptors.Contains(transform.Local))
            {
                // Ciphertext of this run given back to the changed cipher's decryptor: a round trip.
                return null;
            }

            if (!receiver && argument!.Parameter is { } parameter && Body(method) is { } body)
            {
                // A method of this compilation: follow the parameter; what it returns comes back here.
                return item.Depth >= MaxDepth
                    ? Escape(CryptoOutputUse.Unknown, "passed through too many calls to follow", call)
                    : TaintSymbol(parameter.OriginalDefinition, new Item(body, item.Strict, item.Depth + 1, new ReturnContext(call, item.ReturnTo), item.Decryptor));
            }

            if (!receiver && CryptoOutputSinks.ByName(name) is { } use)
            {
                return Escape(use, $"given to {name}", call);
            }

            TaintDestinations(call, value, item);
            if (!receiver && call.Instance?.WalkDownConversions() is ILocalReferenceOperation builder)
            {
                // sb.Append(hex), hash.AppendData(digest): the object now holds the value.
                TaintSymbol(builder.Local, item);
            }

            return HasValue(call) ? Continue(call, item) : null;
        }

        private CryptoOutputEscape? Creation(IObjectCreationOperation creation, IOperation value, Item item)
        {
            var type = creation.Type;
            if (type is { Name: "EntityTagHeaderValue" } && type.IsInNamespace("Microsoft.Net.Http.Headers"))
            {
                return null;
            }

            if (CryptoOutputSinks.IsSentNamespace(type))
            {
                return Escape(CryptoOutputUse.Sent, $"given to new {type!.Name}", creation);
            }

            if (_sinks.IsCryptoStream(type))
            {
                if (item.Decryptor)
                {
                    return Escape(CryptoOutputUse.DecryptsOtherData, "decrypts a stream", creation);
                }

                if (!_sinks.IsHashAlgorithm(value.Type))
                {
                    // The transformed bytes are written into the stream it wraps.
                    var stream = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "stream")?.Value;
                    if (stream is not null && IntoContainer(stream, item) is { } escape)
                    {
                        return escape;
                    }
                }

                return Continue(creation, item);
            }

            if (_sinks.IsFileOrStream(type) || CryptoOutputSinks.IsStoredNamespace(type))
            {
                return Escape(CryptoOutputUse.Stored, $"given to new {type!.Name}", creation);
            }

            if (CryptoOutputSinks.IsCryptoObject(type))
            {
                // new HMACSHA256(key), new AesGcm(key): the object's outputs carry it; a cipher's are ciphertext.
                return Continue(creation, item.With(creation, item.Strict || _sinks.IsSymmetricAlgorithm(type) || _sinks.IsAead(type), decryptor: false));
            }

            if (type is INamedTypeSymbol { IsAnonymousType: false, TypeKind: TypeKind.Class or TypeKind.Struct } named
                && named.DeclaringSyntaxReferences.Length > 0 && !_sinks.IsCollection(named))
            {
                return Escape(CryptoOutputUse.Stored, $"kept by a new {named.Name}", creation);
            }

            return Continue(creation, item);
        }

        /// <summary>The value is the key of an indexer: <c>cache[digest]</c>.</summary>
        private CryptoOutputEscape? Indexer(IPropertyReferenceOperation indexer, Item item)
        {
            var owner = indexer.Property.ContainingType;
            if (_sinks.IsCollection(owner) || _sinks.IsMemoryCache(indexer.Instance?.Type))
            {
                return _sinks.IsInMemory(indexer.Instance) && indexer.Instance is { } container
                    ? IntoContainer(container, item)
                    : Escape(CryptoOutputUse.Compared, "looked up in a collection filled elsewhere", indexer);
            }

            return CryptoOutputSinks.IsHeaders(owner) ? Escape(CryptoOutputUse.Sent, "used as an HTTP header name", indexer) : Continue(indexer, item);
        }

        /// <summary>A member read on the value (<c>md5.Hash</c>, <c>digest.Length</c>), or a member of the value being set (<c>des.Key = ...</c>).</summary>
        private CryptoOutputEscape? PropertyOf(IPropertyReferenceOperation property, Item item)
        {
            if (property.Parent is not IAssignmentOperation assignment || assignment.Target != property)
            {
                return Continue(property, item);
            }

            if (!_options.Ciphertext || !_sinks.IsSymmetricAlgorithm(property.Instance?.Type))
            {
                return null;
            }

            // AES takes 16/24/32-byte keys, a 16-byte IV, 128-bit blocks: what the old cipher took may make it throw.
            var assigned = assignment.Value;
            return property.Property.Name switch
            {
                "Key" when _options.CheckAesKey && !KeyFits(assigned) => Escape(CryptoOutputUse.UnfitInput, "a key that is not visibly 16, 24 or 32 bytes", assignment),
                "IV" when !IvFits(assigned) => Escape(CryptoOutputUse.UnfitInput, "an IV that is not visibly 16 bytes", assignment),
                "KeySize" when !IsConstant(assigned, 128, 192, 256) => Escape(CryptoOutputUse.UnfitInput, "a key size AES does not have", assignment),
                "BlockSize" when !IsConstant(assigned, 128) => Escape(CryptoOutputUse.UnfitInput, "a block size AES does not have", assignment),
                "FeedbackSize" when !IsConstant(assigned, 8, 128) => Escape(CryptoOutputUse.UnfitInput, "a feedback size AES does not have", assignment),
                _ => null,
            };
        }

        /// <summary>A call on the changed cipher: its keys and IVs must fit AES; decrypting is a round trip or an escape.</summary>
        private CryptoOutputEscape? CipherCall(IInvocationOperation call, Item item)
        {
            var name = call.TargetMethod.Name;
            if (_options.Ciphertext && _sinks.IsSymmetricAlgorithm(call.Instance?.Type))
            {
                foreach (var argument in call.Arguments)
                {
                    var parameter = argument.Parameter is { } symbol && _sinks.TransformInput(call.TargetMethod, symbol) is { } input
                        ? input == CipherInput.Key ? "rgbKey" : "rgbIV"
                        : argument.Parameter?.Name;
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        continue;
                    }

                    if (parameter is "rgbKey" or "key" && _options.CheckAesKey && !KeyFits(argument.Value))
                    {
                        return Escape(CryptoOutputUse.UnfitInput, "a key that is not visibly 16, 24 or 32 bytes", argument);
                    }

                    if (parameter is "rgbIV" or "iv" && !IvFits(argument.Value))
                    {
                        return Escape(CryptoOutputUse.UnfitInput, "an IV that is not visibly 16 bytes", argument);
                    }

                    if (parameter == "feedbackSizeInBits" && !IsConstant(argument.Value, 8, 128))
                    {
                        return Escape(CryptoOutputUse.UnfitInput, "a feedback size AES does not have", argument);
                    }
                }
            }

            if (IsDecrypt(name))
            {
                // Decrypting what this cipher encrypted here is a round trip: the plaintext does not change.
                return DecryptsUnless(call, Input(call));
            }

            if (name == "CreateDecryptor")
            {
                return Continue(call, item.With(call, item.Strict, decryptor: true));
            }

            TaintDestinations(call, call.Instance!, item);
            return HasValue(call) ? Continue(call, item) : null;
        }

        private CryptoOutputEscape? DecryptsUnless(IInvocationOperation call, IOperation? ciphertext)
        {
            _deferred.Add((new CryptoOutputEscape(CryptoOutputUse.DecryptsOtherData, "decrypts data this code did not encrypt with it", call.Syntax),
                ciphertext is null ? Array.Empty<IOperation>() : new[] { ciphertext }));
            return null;
        }

        /// <summary>The value is assigned: to a local (followed), a member (stored), an element of a buffer (the buffer is followed).</summary>
        private CryptoOutputEscape? Store(IAssignmentOperation assignment, IOperation value, Item item)
        {
            if (HasValue(assignment) && assignment.Parent is not IExpressionStatementOperation)
            {
                // x = y = digest, return cache = digest
                Enqueue(item.With(assignment));
            }

            switch (assignment.Target.WalkDownConversions())
            {
                case ILocalReferenceOperation local:
                    return TaintSymbol(local.Local, item);

                case IParameterReferenceOperation { Parameter: var parameter }:
                    return parameter.RefKind is RefKind.Out or RefKind.Ref
                        ? Escape(CryptoOutputUse.LeavesMethod, $"returned through '{parameter.Name}'", assignment)
                        : TaintSymbol(parameter.OriginalDefinition, item);

                case IPropertyReferenceOperation property:
                    return IntoProperty(property, value, item, assignment);

                case IFieldReferenceOperation field:
                    return field.Instance is IInstanceReferenceOperation or null || field.Field.IsStatic
                        ? IntoField(field.Field, value, item, assignment)
                        : Escape(CryptoOutputUse.Stored, $"assigned to {field.Field.ContainingType?.Name}.{field.Field.Name}", assignment);

                case IArrayElementReferenceOperation element:
                    return IntoContainer(element.ArrayReference, item);

                case IImplicitIndexerReferenceOperation indexer:
                    return IntoContainer(indexer.Instance, item);

                default:
                    return Escape(CryptoOutputUse.Stored, "assigned", assignment);
            }
        }

        private CryptoOutputEscape? IntoProperty(IPropertyReferenceOperation target, IOperation value, Item item, IOperation assignment)
        {
            var property = target.Property;
            var owner = property.ContainingType;
            if (owner.IsAnonymousType)
            {
                // new { hash }: the anonymous object carries it.
                for (var parent = assignment.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IAnonymousObjectCreationOperation anonymous)
                    {
                        return Continue(anonymous, item);
                    }
                }

                return null;
            }

            if (CryptoOutputSinks.IsHeaders(owner) || CryptoOutputSinks.IsHeaders(target.Instance?.Type))
            {
                var header = property.IsIndexer ? CryptoOutputSinks.HeaderName(target.Arguments) : property.Name;
                return CryptoOutputSinks.IsETag(header) ? null : Escape(CryptoOutputUse.Sent, $"set as the {header ?? "HTTP"} header", assignment);
            }

            if (CryptoOutputSinks.IsCryptoObject(owner) && target.Instance is { } keyed)
            {
                // aes.Key = derived, hmac.Key = derived: the object's outputs change.
                var cipher = _sinks.IsSymmetricAlgorithm(owner) || _sinks.IsAead(owner);
                return IntoContainer(keyed, item.With(keyed, item.Strict || cipher, decryptor: false));
            }

            if (property.IsIndexer && (_sinks.IsCollection(owner) || _sinks.IsMemoryCache(target.Instance?.Type)) && target.Instance is { } container)
            {
                return IntoContainer(container, item);
            }

            if (!property.IsStatic && target.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                && CryptoOutputSinks.IsCryptoObject(property.Type) && CryptoOutputSinks.IsCryptoObject(value.Type))
            {
                return Follow(property, item, assignment);
            }

            return CryptoOutputSinks.IsSentNamespace(owner)
                ? Escape(CryptoOutputUse.Sent, $"assigned to {owner.Name}.{property.Name}", assignment)
                : Escape(CryptoOutputUse.Stored, $"assigned to {owner.Name}.{property.Name}", assignment);
        }

        /// <summary>
        /// A field or property of this class: a hash or cipher object kept there is followed to its uses; a value
        /// (bytes, a string) is stored.
        /// </summary>
        private CryptoOutputEscape? IntoField(ISymbol member, IOperation value, Item item, IOperation at)
        {
            var type = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            return CryptoOutputSinks.IsCryptoObject(type) && CryptoOutputSinks.IsCryptoObject(value.Type)
                ? Follow(member, item, at)
                : Escape(CryptoOutputUse.Stored, $"assigned to the member '{member.Name}'", at);
        }

        /// <summary>A buffer, builder, collection or object the value is put in: followed when it is a local, else stored.</summary>
        private CryptoOutputEscape? IntoContainer(IOperation container, Item item)
        {
            switch (container.WalkDownConversions())
            {
                case ILocalReferenceOperation local:
                    return TaintSymbol(local.Local, item.With(container));
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver:
                    return receiver.FindInitializedObject() is { } initialized ? Continue(initialized, item) : null;
                case IObjectCreationOperation created:
                    return Continue(created, item);
                case IFieldReferenceOperation or IPropertyReferenceOperation when _sinks.IsInMemory(container) || _sinks.IsMemoryCache(container.Type):
                    return null;
                case IFieldReferenceOperation { Field: var field } when CryptoOutputSinks.IsCryptoObject(field.Type):
                    return Follow(field, item, container);
                case { } other when _sinks.IsMemoryCache(other.Type):
                    return null;
                default:
                    return Escape(CryptoOutputUse.Stored, "put in " + Text(container), container);
            }
        }

        private CryptoOutputEscape? Return(IReturnOperation ret, Item item)
        {
            for (var parent = ret.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation lambda:
                        return LambdaReturn(lambda, item);
                    case ILocalFunctionOperation local:
                        foreach (var operation in local.GetRoot().Descendants())
                        {
                            if (operation is IInvocationOperation call && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, local.Symbol))
                            {
                                Enqueue(item.With(call));
                            }
                        }

                        return null;
                }
            }

            if (item.ReturnTo is { } context)
            {
                // Back at the call that passed the value in.
                Enqueue(new Item(context.Call, item.Strict, item.Depth, context.Outer, item.Decryptor));
                return null;
            }

            var method = ret.SemanticModel?.GetEnclosingSymbol(ret.Syntax.SpanStart, _cancellationToken) as IMethodSymbol;
            if (method is null || method.IsImplicitlyDeclared || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName)
            {
                return null;
            }

            if (item.Strict)
            {
                return Escape(CryptoOutputUse.LeavesMethod, "returned by " + method.Name, ret);
            }

            if (_sinks.IsControllerAction(method, _cancellationToken))
            {
                return Escape(CryptoOutputUse.Sent, "returned by the action " + method.Name, ret);
            }

            return Follow(method.MethodKind == MethodKind.PropertyGet && method.AssociatedSymbol is { } property ? property : method, item, ret);
        }

        private CryptoOutputEscape? LambdaReturn(IAnonymousFunctionOperation lambda, Item item)
        {
            var top = (lambda.Parent is IDelegateCreationOperation created ? created : (IOperation)lambda).WalkUpConversions();
            if (top.Parent is IArgumentOperation argument)
            {
                if (CryptoOutputSinks.IsEndpointHandler(argument))
                {
                    return Escape(CryptoOutputUse.Sent, "returned by an endpoint handler", lambda);
                }

                // Select(x => MD5.HashData(x)), Task.Run(() => ...): the call gives it back.
                return argument.Parent is { } consumer ? Continue(consumer, item) : null;
            }

            return Continue(top, item);
        }

        /// <summary>Every use of a method, property or field in the compilation (callers of a returning method, reads of a field).</summary>
        private CryptoOutputEscape? Follow(ISymbol member, Item item, IOperation at)
        {
            if (item.Depth >= MaxDepth)
            {
                return Escape(CryptoOutputUse.Unknown, "passed through too many calls to follow", at);
            }

            if (!_followed.Add(member))
            {
                return null;
            }

            foreach (var use in _references.Uses(member, _cancellationToken))
            {
                if (use is IMethodReferenceOperation or IDelegateCreationOperation)
                {
                    // A method group: its result goes wherever the delegate is called; an endpoint's goes to the client.
                    var top = (use.Parent is IDelegateCreationOperation created ? created : use).WalkUpConversions();
                    if (top.Parent is IArgumentOperation argument && CryptoOutputSinks.IsEndpointHandler(argument))
                    {
                        return Escape(CryptoOutputUse.Sent, "returned by the endpoint handler " + member.Name, use);
                    }

                    continue;
                }

                Enqueue(new Item(use, item.Strict, item.Depth + 1, null, item.Decryptor));
            }

            return null;
        }

        private CryptoOutputEscape? TaintSymbol(ISymbol symbol, Item item)
        {
            if (!_symbolVisits.Add((symbol, item.ReturnTo)))
            {
                return null;
            }

            _taintedSymbols.Add(symbol);
            if (item.Decryptor)
            {
                _decryptors.Add(symbol);
            }

            var root = item.Operation.GetRoot();
            if (References(root).TryGetValue(symbol, out var references))
            {
                foreach (var reference in references)
                {
                    Enqueue(item.With(reference));
                }
            }

            return null;
        }

        /// <summary>Out, ref and destination arguments (<c>destination</c>, <c>ciphertext</c>, <c>tag</c>) receive what the call computes.</summary>
        private void TaintDestinations(IInvocationOperation call, IOperation value, Item item)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Value == value || argument.Parameter is not { } parameter
                    || (parameter.RefKind is not (RefKind.Out or RefKind.Ref) && !DestinationParameters.Contains(parameter.Name)))
                {
                    continue;
                }

                if (Buffer(argument.Value) is { } local)
                {
                    TaintSymbol(local, item.With(argument.Value));
                }
            }
        }

        /// <summary>The local a destination argument writes into: <c>digest</c>, <c>digest.AsSpan()</c>, <c>buffer[..32]</c>, <c>out var hash</c>.</summary>
        private static ILocalSymbol? Buffer(IOperation value)
        {
            for (var depth = 0; depth < 4; depth++)
            {
                value = value.WalkDownConversions();
                switch (value)
                {
                    case ILocalReferenceOperation local:
                        return local.Local;
                    case IDeclarationExpressionOperation declaration:
                        value = declaration.Expression;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" } view when (view.Instance ?? view.Arguments.FirstOrDefault()?.Value) is { } viewed:
                        value = viewed;
                        continue;
                    case IImplicitIndexerReferenceOperation range:
                        value = range.Instance;
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        private Dictionary<ISymbol, List<IOperation>> References(IOperation root)
        {
            if (_index.TryGetValue(root, out var index))
            {
                return index;
            }

            index = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            foreach (var operation in root.DescendantsAndSelf())
            {
                ISymbol? symbol = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter.OriginalDefinition,
                    _ => null,
                };
                if (symbol is null)
                {
                    continue;
                }

                if (!index.TryGetValue(symbol, out var list))
                {
                    index[symbol] = list = new List<IOperation>();
                }

                list.Add(operation);
            }

            _index[root] = index;
            return index;
        }

        /// <summary>The body of a method declared in this compilation (not abstract, not an interface member, not partial without one).</summary>
        private IOperation? Body(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method.OriginalDefinition;
            definition = definition.PartialImplementationPart ?? definition;
            if (definition.IsAbstract || definition.IsExtern)
            {
                return null;
            }

            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(_cancellationToken);
                if (_references.Model(reference.SyntaxTree) is { } model && model.GetOperation(syntax, _cancellationToken) is { } body
                    && body is IMethodBodyOperation { BlockBody: not null } or IMethodBodyOperation { ExpressionBody: not null }
                        or IConstructorBodyOperation or ILocalFunctionOperation or IBlockOperation)
                {
                    return body;
                }
            }

            return null;
        }

        private bool IsTainted(IOperation operation)
        {
            foreach (var part in operation.WalkDownConversions().DescendantsAndSelf())
            {
                if (_tainted.Contains(part)
                    || (part is ILocalReferenceOperation local && _taintedSymbols.Contains(local.Local))
                    || (part is IParameterReferenceOperation parameter && _taintedSymbols.Contains(parameter.Parameter.OriginalDefinition)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>16, 24 or 32 bytes, or the cipher's own key.</summary>
        private bool KeyFits(IOperation value) => IsOwn(value, "Key") || Length(value, 0) is 16 or 24 or 32;

        private bool IvFits(IOperation value) => IsOwn(value, "IV") || Length(value, 0) == 16;

        /// <summary><c>des.IV</c> of the cipher being changed: generated by it, so of its size.</summary>
        private bool IsOwn(IOperation value, string property) =>
            value.WalkDownConversions() is IPropertyReferenceOperation { Instance: { } instance } reference
            && reference.Property.Name == property
            && instance.WalkDownConversions() is ILocalReferenceOperation local && _taintedSymbols.Contains(local.Local);

        /// <summary>The length a byte array visibly has: a constant size, a one-shot hash, a derivation of a constant length.</summary>
        private int? Length(IOperation value, int hops)
        {
            value = value.WalkDownConversions();
            if (value is ILocalReferenceOperation local)
            {
                return hops < 4 && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial ? Length(initial, hops + 1) : null;
            }

            if (_bytes.Describe(value)?.Length is { } known)
            {
                return known;
            }

            if (value is not IInvocationOperation call)
            {
                return null;
            }

            var method = call.TargetMethod;
            switch (method.Name)
            {
                case "GetBytes" when call.Arguments.Length == 1 && call.Instance is not null:
                    // kdf.GetBytes(32)
                    return ConstantInt(call.Arguments[0].Value);
                case "Pbkdf2" or "DeriveKey" or "Expand":
                    return call.Arguments.FirstOrDefault(a => a.Parameter?.Name is "outputLength" or "numBytesRequested") is { } length ? ConstantInt(length.Value) : null;
                case "HashData" when method.ReturnType is IArrayTypeSymbol && method.ContainingType is { } hash:
                    return hash.Name switch
                    {
                        "SHA256" or "HMACSHA256" or "SHA3_256" or "HMACSHA3_256" => 32,
                        "SHA384" or "HMACSHA384" or "SHA3_384" or "HMACSHA3_384" => 48,
                        "SHA512" or "HMACSHA512" or "SHA3_512" or "HMACSHA3_512" => 64,
                        "MD5" or "HMACMD5" => 16,
                        "SHA1" or "HMACSHA1" => 20,
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        private static int? ConstantInt(IOperation value) =>
            value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int number } ? number : null;

        private static bool IsConstant(IOperation value, params int[] allowed) => ConstantInt(value) is { } number && allowed.Contains(number);

        private static bool IsDecrypt(string name) => name.StartsWith("Decrypt", StringComparison.Ordinal) || name.StartsWith("TryDecrypt", StringComparison.Ordinal);

        /// <summary>The ciphertext a decrypting call reads: the <c>ciphertext</c> or <c>inputBuffer</c> argument, or the first.</summary>
        private static IOperation? Input(IInvocationOperation call) =>
            (call.Arguments.FirstOrDefault(a => a.Parameter?.Name is "ciphertext" or "inputBuffer" or "input") ?? call.Arguments.FirstOrDefault())?.Value;

        private static IEnumerable<IOperation> Operands(IInvocationOperation call)
        {
            if (call.Instance is { } instance)
            {
                yield return instance.WalkDownConversions();
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    yield return argument.Value.WalkDownConversions();
                }
            }
        }

        /// <summary>A value that is compared: not a <c>StringComparison</c>, a flag, a count or a comparer.</summary>
        private static bool IsData(IOperation operand) =>
            operand.Type is { } type
            && type.TypeKind != TypeKind.Enum
            && type.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Char)
            && type.Name.IndexOf("Comparer", StringComparison.Ordinal) < 0;

        private static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
            or BinaryOperatorKind.ObjectValueEquals or BinaryOperatorKind.ObjectValueNotEquals or BinaryOperatorKind.LessThan
            or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

        private static bool IsNull(IOperation operand) => operand.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: null } };

        private static bool IsNullOrTypeCheck(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsNull(constant.Value),
            INegatedPatternOperation negated => IsNullOrTypeCheck(negated.Pattern),
            ITypePatternOperation or IDeclarationPatternOperation or IDiscardPatternOperation => true,
            _ => false,
        };

        private static bool IsAssignmentTarget(IOperation operation) => operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;

        private static bool HasValue(IOperation operation) => operation.Type is { SpecialType: not SpecialType.System_Void };

        private static string Text(IOperation operation)
        {
            var text = operation.Syntax.ToString();
            return text.Length <= 40 ? "'" + text + "'" : "'" + text.Substring(0, 37) + "...'";
        }

        private CryptoOutputEscape? Defer(CryptoOutputUse use, string what, IOperation at, IOperation[] unless)
        {
            var escape = new CryptoOutputEscape(use, what, at.Syntax);
            if (unless.Length == 0)
            {
                return escape;
            }

            _deferred.Add((escape, unless));
            return null;
        }

        private static CryptoOutputEscape Escape(CryptoOutputUse use, string what, IOperation at) => new(use, what, at.Syntax);
    }
}
