package io.caravan.egress.tlsrpt;

/**
 * One TLS session (or one that could not be held) counted for a policy domain.
 *
 * @param resultType   an RFC 8460 §4.3 result type, null for a successful session
 * @param sendingMtaIp the address Caravan sent from, null when the system chose it
 * @param receivingMx  the MX host name the session was with (or was refused for)
 */
public record Session(PolicyRef policy, String resultType, String sendingMtaIp, String receivingMx) {

    public static Session success(PolicyRef policy) {
        return new Session(policy, null, null, null);
    }

    public boolean successful() {
        return resultType == null;
    }
}
