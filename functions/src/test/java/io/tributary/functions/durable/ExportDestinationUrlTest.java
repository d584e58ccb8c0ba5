package io.tributary.functions.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.json.Json;
import io.tributary.query.QueryException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An export's destination is checked at the edge: each way it could not be written to is a 400 saying what to fix. */
class ExportDestinationUrlTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String SAS = "sv=2023-11-03&sr=c&sp=cw&se=2026-03-02T00:00:00Z&sig=abc%2Fdef%3D";

  private static ExportDestinationUrl parse(String json) throws Exception {
    return ExportDestinationUrl.parse(Json.mapper().readTree(json), NOW);
  }

  private static void refused(String json, String field, String says) {
    QueryException e = assertThrows(QueryException.class, () -> parse(json), json);
    assertEquals(400, e.problem().status());
    assertEquals(ExportDestinationUrl.INVALID, e.problem().code(), json);
    assertEquals(field, e.problem().extensions().get("field"), json);
    assertTrue(e.problem().detail().contains(says), e.problem().detail());
  }

  @Test
  void aContainerSasUrlThatAllowsWritingIsTaken() throws Exception {
    String azure = "https://acct.blob.core.windows.net/exports?" + SAS;
    assertEquals(azure, parse("{\"url\":\"" + azure + "\"}").url());
    String azurite = "http://127.0.0.1:10000/devstoreaccount1/exports?" + SAS;
    assertEquals(azurite, parse("{\"url\":\"" + azurite + "\"}").url(), "http to 127.0.0.1: Azurite");
    String account = "https://acct.blob.core.windows.net/exports/2026?sv=2023-11-03&ss=b&srt=co&sp=rwc&sig=x";
    assertEquals(account, parse("{\"url\":\"" + account + "\"}").url(), "an account SAS, a folder in the container");
  }

  @Test
  void whatCannotBeWrittenToIsA400NamingTheFixForEachCase() {
    refused("\"/etc\"", "destination", "JSON object");
    refused("{\"path\":\"/tmp/x\"}", "destination.path", "only url");
    refused("{}", "destination.url", "required");
    refused("{\"url\":\"/var/tmp/out\"}", "destination.url", "not a path");
    refused("{\"url\":\"file:///etc/passwd\"}", "destination.url", "not a file: URL");
    refused("{\"url\":\"http://acct.blob.core.windows.net/exports?" + SAS + "\"}", "destination.url", "https");
    refused("{\"url\":\"https://acct.blob.core.windows.net/?" + SAS + "\"}", "destination.url", "no container");
    refused("{\"url\":\"https://acct.blob.core.windows.net/exports\"}", "destination.url", "no SAS signature");
    refused("{\"url\":\"https://acct.blob.core.windows.net/exports?sv=2023-11-03&sr=c&sp=rl&sig=x\"}",
        "destination.url", "does not allow writing (sp=rl)");
    refused("{\"url\":\"https://acct.blob.core.windows.net/exports/f.csv?sv=2023-11-03&sr=b&sp=cw&sig=x\"}",
        "destination.url", "sr=b");
    refused("{\"url\":\"https://acct.blob.core.windows.net/exports?sv=2023-11-03&sr=c&sp=cw&se=2026-03-01T11:00:00Z"
        + "&sig=x\"}", "destination.url", "expired at 2026-03-01T11:00:00Z");
    refused("{\"url\":\"https://acct.blob.core.windows.net/exports?sr=c&sp=cw&se=soon&sig=x\"}", "destination.url",
        "not a time");
    refused("{\"url\":\"https://exa mple/x\"}", "destination.url", "not a URL");
  }

  /** The server writes only to Blob Storage endpoints: never to another host a caller names. */
  @Test
  void aHostThatIsNotABlobStorageEndpointIsA400() {
    for (String host : new String[] {"169.254.169.254", "10.0.0.4", "internal.example.com", "blob.core.windows.net",
        "acct.blob.core.windows.net.evil.example"}) {
      refused("{\"url\":\"https://" + host + "/exports?" + SAS + "\"}", "destination.url",
          "must name an Azure Blob Storage account");
    }
  }
}
