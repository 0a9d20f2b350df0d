package io.caravan.app;

import io.caravan.config.Settings;

/**
 * The start's own role check, for tests outside this package that hold a deployment's settings against what
 * the jar requires (the compose file, the Kubernetes manifests).
 */
public final class RoleCheck {

    private RoleCheck() {
    }

    /** The role the settings name, after the check a start makes before anything listens; throws as the start would. */
    public static String check(Settings settings) {
        NodeRole role = NodeRole.of(settings);
        role.check(settings);
        return role.label();
    }
}
