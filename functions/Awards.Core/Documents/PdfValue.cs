using System.Text;

namespace Awards.Documents;

/// <summary>
/// Reads one PDF value token by token — an object's body, a trailer, an object inside an object
/// stream — checking that its arrays and dictionaries close in order and that only values stand
/// in it. Of a top-level dictionary it keeps the few entries the structure check needs (/Length,
/// /Type, /Filter, /DecodeParms, /W, /Index, /N, /First, /Prev, /XRefStm, /Encrypt), and it
/// notes the first name that marks active content (JavaScript, launch actions, attached files).
/// </summary>
internal sealed class PdfValue
{
    private const int MaxDepth = 100;
    private const int MaxListed = 100_000;

    private static readonly Dictionary<string, ActiveContent> ActiveNames = new(StringComparer.Ordinal)
    {
        ["JavaScript"] = ActiveContent.Script,
        ["JS"] = ActiveContent.Script,
        ["Launch"] = ActiveContent.Launch,
        ["EmbeddedFile"] = ActiveContent.Attachment,
        ["EmbeddedFiles"] = ActiveContent.Attachment,
        ["EF"] = ActiveContent.Attachment,
        ["RichMedia"] = ActiveContent.Media,
        ["XFA"] = ActiveContent.Form,
    };

    private readonly Stack<bool> containers = new();
    private int values;
    private int pendingInts;
    private long firstInt;
    private long secondInt;

    // The top dictionary's entry being read.
    private bool expectKey;
    private string? key;
    private int keyInts;
    private long keyInt;
    private string? parameter;

    /// <summary>Kinds of active content a name can announce.</summary>
    public enum ActiveContent
    {
        /// <summary>/JavaScript or /JS.</summary>
        Script,

        /// <summary>/Launch: an action that starts a program.</summary>
        Launch,

        /// <summary>/EmbeddedFile(s), /EF: a file attached inside.</summary>
        Attachment,

        /// <summary>/RichMedia: embedded Flash or video with its own scripting.</summary>
        Media,

        /// <summary>/XFA: an XML form, which can carry scripts.</summary>
        Form,
    }

    /// <summary>What a token did to the value.</summary>
    public enum Outcome
    {
        /// <summary>The value goes on.</summary>
        More,

        /// <summary>This token closed the value's outermost array or dictionary.</summary>
        Closed,

        /// <summary>The token is not part of the value (a keyword such as endobj or stream): the caller reads it.</summary>
        NotPart,

        /// <summary>The token cannot stand here; see <see cref="Problem"/>.</summary>
        Error,
    }

    /// <summary>Why the last token could not stand where it did.</summary>
    public string? Problem { get; private set; }

    /// <summary>The first name that marks active content: its kind and the name as written.</summary>
    public (ActiveContent Kind, string Written)? Active { get; private set; }

    /// <summary>True when the value is a dictionary.</summary>
    public bool IsDictionary { get; private set; }

    /// <summary>The value when it is a single integer (a stream length kept in its own object).</summary>
    public long? Integer { get; private set; }

    /// <summary>/Length: a number.</summary>
    public long? Length { get; private set; }

    /// <summary>/Length: a reference to the object that holds the number (object, generation).</summary>
    public (long Object, long Generation)? LengthReference { get; private set; }

    /// <summary>/Type.</summary>
    public string? Type { get; private set; }

    /// <summary>/Filter, as one name or the names of an array.</summary>
    public List<string> Filters { get; } = [];

    /// <summary>Integer entries of /DecodeParms (Predictor, Columns, Colors, BitsPerComponent).</summary>
    public Dictionary<string, long> DecodeParameters { get; } = new(StringComparer.Ordinal);

    /// <summary>/W of a cross-reference stream.</summary>
    public List<long> Widths { get; } = [];

    /// <summary>/Index of a cross-reference stream.</summary>
    public List<long> Index { get; } = [];

    /// <summary>Integer entries of the top dictionary: /N, /First, /Prev, /XRefStm, /Size.</summary>
    public Dictionary<string, long> Numbers { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the dictionary has /Encrypt.</summary>
    public bool Encrypt { get; private set; }

    /// <summary>Starts a new value.</summary>
    public void Reset()
    {
        containers.Clear();
        (values, pendingInts, keyInts, expectKey, key, parameter) = (0, 0, 0, true, null, null);
        (Problem, IsDictionary, Integer, Length, LengthReference, Type, Encrypt) = (null, false, null, null, null, null, false);
        Filters.Clear();
        DecodeParameters.Clear();
        Widths.Clear();
        Index.Clear();
        Numbers.Clear();
    }

    /// <summary>Takes the next token.</summary>
    public Outcome Take(in PdfToken token)
    {
        if (token.Kind == PdfTokenKind.Comment)
        {
            return Outcome.More;
        }

        if (token.Kind == PdfTokenKind.Name && Active is null && token.Text.Length <= 13
            && ActiveNames.TryGetValue(Encoding.Latin1.GetString(token.Text), out var active))
        {
            Active = (active, "/" + Encoding.Latin1.GetString(token.Raw));
        }

        return containers.Count == 0 ? Outer(token) : Inner(token);
    }

    /// <summary>Ends the value (before endobj or stream, or at an object stream's next offset); false with a <see cref="Problem"/> when it is incomplete.</summary>
    public bool Close()
    {
        if (containers.Count > 0)
        {
            return Fail(containers.Peek() ? "a dictionary is not closed ('>>' missing)" : "an array is not closed (']' missing)");
        }

        if (pendingInts == 2)
        {
            return Fail("two numbers stand where one value should");
        }

        if (pendingInts == 1)
        {
            Integer = firstInt;
            values++;
            pendingInts = 0;
        }

        return values <= 1 || Fail("more than one value stands in one object");
    }

    private static bool IsValueKeyword(in PdfToken token) => token.Is("true"u8) || token.Is("false"u8) || token.Is("null"u8);

    private Outcome Outer(in PdfToken token)
    {
        switch (token.Kind)
        {
            case PdfTokenKind.Integer when values == 0 && pendingInts < 2:
                (firstInt, secondInt) = pendingInts == 0 ? (token.Integer, 0) : (firstInt, token.Integer);
                pendingInts++;
                return Outcome.More;
            case PdfTokenKind.Keyword when token.Is("R"u8) && pendingInts == 2:
                (pendingInts, values) = (0, 1);
                return Outcome.More;
            case PdfTokenKind.Keyword when !IsValueKeyword(token):
                return Outcome.NotPart;
        }

        if (values > 0 || pendingInts > 0)
        {
            return Error("more than one value stands in one object");
        }

        values = 1;
        if (token.Kind is PdfTokenKind.DictOpen or PdfTokenKind.ArrayOpen)
        {
            IsDictionary = token.Kind == PdfTokenKind.DictOpen;
            containers.Push(IsDictionary);
            return Outcome.More;
        }

        return token.Kind is PdfTokenKind.DictClose or PdfTokenKind.ArrayClose ? Error("a closing bracket has nothing to close") : Outcome.More;
    }

    private Outcome Inner(in PdfToken token)
    {
        var depth = containers.Count;
        var topDictionary = depth == 1 && IsDictionary;
        if (topDictionary && !expectKey && keyInts > 0 && token.Kind != PdfTokenKind.Integer && !token.Is("R"u8))
        {
            // The entry's value was a plain number.
            if (keyInts == 2)
            {
                return Error($"two numbers stand where the value of /{key} should");
            }

            Assign(keyInt, null);
        }

        switch (token.Kind)
        {
            case PdfTokenKind.DictOpen or PdfTokenKind.ArrayOpen:
                if (topDictionary && expectKey)
                {
                    return Error("a dictionary key is not a name");
                }

                if (depth == MaxDepth)
                {
                    return Error("arrays and dictionaries are nested too deeply");
                }

                containers.Push(token.Kind == PdfTokenKind.DictOpen);
                return Outcome.More;
            case PdfTokenKind.DictClose or PdfTokenKind.ArrayClose:
                if (containers.Pop() != (token.Kind == PdfTokenKind.DictClose))
                {
                    return Error("brackets close in the wrong order");
                }

                if (topDictionary && !expectKey)
                {
                    return Error($"/{key} has no value");
                }

                if (depth == 2 && IsDictionary)
                {
                    // A compound value of the top dictionary ended.
                    (expectKey, parameter) = (true, null);
                }

                return containers.Count == 0 ? Outcome.Closed : Outcome.More;
            case PdfTokenKind.Keyword when !token.Is("R"u8) && !IsValueKeyword(token):
                return Error($"the word '{Encoding.Latin1.GetString(token.Text)}' stands inside a dictionary or array");
        }

        if (!topDictionary)
        {
            Nested(token);
            return Outcome.More;
        }

        if (expectKey)
        {
            if (token.Kind != PdfTokenKind.Name)
            {
                return Error("a dictionary key is not a name");
            }

            key = Encoding.Latin1.GetString(token.Text);
            (expectKey, keyInts) = (false, 0);
            Encrypt |= key == "Encrypt";
            return Outcome.More;
        }

        switch (token.Kind)
        {
            case PdfTokenKind.Integer when keyInts < 2:
                (keyInt, secondInt) = keyInts == 0 ? (token.Integer, secondInt) : (keyInt, token.Integer);
                keyInts++;
                return Outcome.More;
            case PdfTokenKind.Integer:
                return Error($"three numbers stand where the value of /{key} should");
            case PdfTokenKind.Keyword when token.Is("R"u8):
                if (keyInts != 2)
                {
                    return Error("a reference ('R') does not follow an object and generation number");
                }

                Assign(keyInt, secondInt);
                return Outcome.More;
            case PdfTokenKind.Name:
                if (key == "Type")
                {
                    Type = Encoding.Latin1.GetString(token.Text);
                }
                else if (key == "Filter")
                {
                    Filters.Add(Encoding.Latin1.GetString(token.Text));
                }

                expectKey = true;
                return Outcome.More;
            default:
                expectKey = true;
                return Outcome.More;
        }
    }

    /// <summary>The top dictionary's current entry has a number, or a reference (<paramref name="generation"/> set).</summary>
    private void Assign(long number, long? generation)
    {
        if (generation is { } g)
        {
            LengthReference = key == "Length" ? (number, g) : LengthReference;
        }
        else if (key == "Length")
        {
            Length = number;
        }
        else if (key is "N" or "First" or "Prev" or "XRefStm" or "Size")
        {
            Numbers[key] = number;
        }

        (expectKey, keyInts) = (true, 0);
    }

    /// <summary>Inside a compound value of the top dictionary: the entries kept from /W, /Index, /Filter and /DecodeParms.</summary>
    private void Nested(in PdfToken token)
    {
        switch (key)
        {
            case "W" or "Index" when token.Kind == PdfTokenKind.Integer && containers.Count == 2:
                var list = key == "W" ? Widths : Index;
                if (list.Count < MaxListed)
                {
                    list.Add(token.Integer);
                }

                break;
            case "Filter" when token.Kind == PdfTokenKind.Name:
                Filters.Add(Encoding.Latin1.GetString(token.Text));
                break;
            case "DecodeParms" when token.Kind == PdfTokenKind.Name:
                parameter = Encoding.Latin1.GetString(token.Text);
                break;
            case "DecodeParms" when token.Kind == PdfTokenKind.Integer && parameter is not null:
                DecodeParameters[parameter] = token.Integer;
                parameter = null;
                break;
        }
    }

    private bool Fail(string problem)
    {
        Problem = problem;
        return false;
    }

    private Outcome Error(string problem)
    {
        Problem = problem;
        return Outcome.Error;
    }
}
