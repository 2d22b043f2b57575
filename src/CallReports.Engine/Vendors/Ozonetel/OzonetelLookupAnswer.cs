namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// The answer to one UCID lookup of either API, read whole (it holds a call or two): its records (under
/// <c>details</c>, or under <c>message</c> in the legacy shape) or its failure. No record is "not found".
/// </summary>
internal sealed class OzonetelLookupAnswer
{
    private OzonetelLookupAnswer(List<OzonetelCallDetail> records, CallReportsException? failure)
    {
        Records = records;
        Failure = failure;
    }

    /// <summary>The calls found.</summary>
    public List<OzonetelCallDetail> Records { get; }

    /// <summary>Why none was found, or null.</summary>
    public CallReportsException? Failure { get; set; }

    /// <summary>Whether the answer says Ozonetel has no such call (there, then).</summary>
    public bool NotFound => Failure?.ErrorId == OzonetelErrors.UcidNotFound;

    /// <summary>Reads and disposes the answer.</summary>
    public static async Task<OzonetelLookupAnswer> ReadAsync(HttpResponseMessage response, TimeZoneInfo zone, string userName, string what, CancellationToken cancellationToken)
    {
        using (response)
        {
            var text = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var records = new List<OzonetelCallDetail>();
            (string? Status, string? Message) envelope = (null, null);
            try
            {
                using var document = JsonDocument.Parse(text);
                envelope = OzonetelErrors.Envelope(document.RootElement);
                AddRecords(document.RootElement, "message", zone, userName, records);
                AddRecords(document.RootElement, "details", zone, userName, records);
            }
            catch (JsonException) when ((int)response.StatusCode >= 300)
            {
                // Not JSON (a proxy's page): the status code speaks.
            }
            catch (JsonException ex)
            {
                return new OzonetelLookupAnswer(records, new CallReportsException(OzonetelErrors.InvalidResponse, FailureKind.InvalidData, $"Ozonetel's answer for {what} is not JSON: {ex.Message}", inner: ex) { Target = what });
            }

            var failure = OzonetelErrors.Classify((int)response.StatusCode, envelope.Status, envelope.Message, what, out _);
            if (failure is null && records.Count == 0)
            {
                failure = new CallReportsException(OzonetelErrors.UcidNotFound, FailureKind.NotFound, $"Ozonetel has no call with {what} in the last 15 days.") { Target = what, VendorCode = envelope.Message };
            }

            return new OzonetelLookupAnswer(records, failure);
        }
    }

    private static void AddRecords(JsonElement root, string property, TimeZoneInfo zone, string userName, List<OzonetelCallDetail> records)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(property, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in items.EnumerateArray())
        {
            records.Add(OzonetelRecordMapper.ToRecord(item, zone, userName));
        }
    }
}
