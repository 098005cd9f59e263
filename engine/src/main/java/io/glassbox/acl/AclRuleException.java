package io.glassbox.acl;

/** A rule ACLSetUser refused, with the errno Redis sets and the message ACLSetUserStringError gives for it. */
final class AclRuleException extends RuntimeException {
    static final int EINVAL = 1, ENOENT = 2, EEXIST = 3, EISDIR = 4, ENODEV = 5, EBADMSG = 6, EALREADY = 7, ECHILD = 8;

    final int errno;

    AclRuleException(int errno) {
        super(message(errno), null, false, false);
        this.errno = errno;
    }

    /** ACLSetUserStringError. */
    static String message(int errno) {
        return switch (errno) {
            case ENOENT -> "Unknown command or category name in ACL";
            case EINVAL -> "Syntax error";
            case EEXIST -> "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any "
                    + "effect. Try 'resetkeys' to start with an empty list of patterns";
            case EISDIR -> "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any "
                    + "effect. Try 'resetchannels' to start with an empty list of channels";
            case ENODEV -> "The password you are trying to remove from the user does not exist";
            case EBADMSG -> "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
            case EALREADY -> "Duplicate user found. A user can only be defined once in config files";
            case ECHILD -> "Allowing first-arg of a subcommand is not supported";
            default -> "Wrong format";
        };
    }
}
