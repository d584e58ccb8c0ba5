package io.tributary.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys and tokens of a test identity provider shaped like Entra ID (v2 access tokens). */
final class IdpTokens {

  static final String DIRECTORY = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String ISSUER = "https://login.microsoftonline.com/" + DIRECTORY + "/v2.0";
  static final String CLIENT_ID = "6e74172b-be56-4843-9ff4-e66a39bb12e3";

  private IdpTokens() {
  }

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims as Entra ID puts them in a v2 access token for an app with app roles, tenant claim {@code tenant}. */
  static JWTClaimsSet.Builder claims(Instant now, String tenant, List<String> roles) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(CLIENT_ID)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(60))))
        .subject("AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ")
        .claim("oid", "00000000-0000-0000-66f3-3332eca7ea81")
        .claim("tid", DIRECTORY)
        .claim("azp", "b0b44a4a-4d5b-4b3e-9e3a-6a1c2d3e4f50")
        .claim("ver", "2.0")
        .claim("tenant", tenant)
        .claim("roles", roles);
  }

  /** {@code claims} signed with {@code key}: RS256 for an RSA key, ES256 for an EC one; its kid in the header. */
  static String sign(JWK key, JWTClaimsSet claims) {
    return key instanceof ECKey ? sign(key, JWSAlgorithm.ES256, claims) : sign(key, JWSAlgorithm.RS256, claims);
  }

  static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
    try {
      JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
          claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code claims} HS256-signed with {@code secret}, with {@code kid} in the header (null for none). */
  static String hs256(byte[] secret, String kid, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(JOSEObjectType.JWT)
          .build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
