package dev.conversations.webhook;

/** What one attempt got: a status (2xx = delivered), or no response and why. */
record AttemptOutcome(Integer status, String error) {
    private static final int MAX_ERROR_LENGTH = 200;

    static AttemptOutcome responded(int status) {
        return new AttemptOutcome(status, null);
    }

    static AttemptOutcome failed(String error) {
        String text = error == null || error.isBlank() ? "no response" : error;
        return new AttemptOutcome(null, text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text);
    }

    boolean delivered() {
        return status != null && status >= 200 && status < 300;
    }
}
