package io.tributary.functions.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.config.Settings;
import io.tributary.functions.FunctionAppFactory;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The deployed app's composition root: chosen by TRIBUTARY_BACKEND=azure, and clear about what it lacks. */
class AzureFunctionAppFactoryTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  private static Map<String, String> azure() {
    Map<String, String> m = new HashMap<>();
    m.put("TRIBUTARY_BACKEND", "azure");
    m.put("TRIBUTARY_CURSOR_SECRET", KEY);
    m.put("TRIBUTARY_JWT_SECRET", KEY);
    return m;
  }

  private static String failure(Map<String, String> settings) {
    return assertThrows(IllegalArgumentException.class,
        () -> new AzureFunctionAppFactory().create(Settings.from(settings))).getMessage();
  }

  @Test
  void isRegisteredForTheAzureBackend() {
    boolean found = false;
    for (FunctionAppFactory f : ServiceLoader.load(FunctionAppFactory.class)) {
      found |= f instanceof AzureFunctionAppFactory && f.serves("azure") && !f.serves("local");
    }
    assertTrue(found, "META-INF/services names AzureFunctionAppFactory");
  }

  @Test
  void aMissingConnectionNamesTheIdentityBasedSettingAndItsFallback() {
    String m = failure(azure());
    assertTrue(m.contains("TRIBUTARY_EVENTHUB__fullyQualifiedNamespace") && m.contains("TRIBUTARY_EVENTHUB "), m);
  }

  @Test
  void keysMustBeConfiguredSinceInstancesCannotShareGeneratedOnes() {
    Map<String, String> s = azure();
    s.remove("TRIBUTARY_CURSOR_SECRET");
    assertTrue(failure(s).contains("TRIBUTARY_CURSOR_SECRET"));
    s = azure();
    s.remove("TRIBUTARY_JWT_SECRET");
    String m = failure(s);
    assertTrue(m.contains("TRIBUTARY_JWT_JWKS_URL") && m.contains("TRIBUTARY_JWT_SECRET"), m);
  }

  @Test
  void withAnIdentityProviderAndNoSecretOnlyTheProvidersTokensAreAccepted() {
    Map<String, String> s = azure();
    s.remove("TRIBUTARY_JWT_SECRET");
    s.put("TRIBUTARY_JWT_JWKS_URL", "http://127.0.0.1:9/keys");
    s.put("TRIBUTARY_OIDC_ISSUER", "https://login.microsoftonline.com/x/v2.0");
    s.put("TRIBUTARY_OIDC_AUDIENCE", "api://tributary");
    io.tributary.auth.TokenVerifier v = AzureFunctionAppFactory.tokens(Settings.from(s));
    String hs256 = new io.tributary.auth.TokenIssuer(new byte[32], "tributary-local", "tributary", "tenant")
        .issue(io.tributary.event.TenantId.of("acme"), java.time.Instant.now(), java.time.Duration.ofMinutes(5));
    io.tributary.http.Problem p = assertThrows(io.tributary.auth.AuthException.class,
        () -> v.verify("Bearer " + hs256)).problem();
    assertEquals("invalid_token", p.code());
    assertTrue(p.detail().contains("HS256 tokens are not accepted here"), p.detail());
  }

  @Test
  void localAdaptersAreRefusedWithAPointerToTheLocalRuntime() {
    Map<String, String> s = azure();
    s.put("TRIBUTARY_STORE", "lucene");
    assertTrue(failure(s).contains("local runtime"));
  }

  @Test
  void connectionStringsAreReadByPart() {
    assertEquals("https://x.documents.azure.com:443/",
        AzureAdapters.part("AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=abc==;", "AccountEndpoint"));
    assertEquals("abc==", AzureAdapters.part("AccountEndpoint=https://x;AccountKey=abc==;", "accountkey"));
  }
}
