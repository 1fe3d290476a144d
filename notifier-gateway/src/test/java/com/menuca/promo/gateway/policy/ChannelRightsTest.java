package com.menuca.promo.gateway.policy;

import static com.menuca.promo.gateway.policy.TestPrincipals.ANON;
import static com.menuca.promo.gateway.policy.TestPrincipals.CUSTOMER_7;
import static com.menuca.promo.gateway.policy.TestPrincipals.SERVICE;
import static com.menuca.promo.gateway.policy.TestPrincipals.STAFF_42;
import static com.menuca.promo.gateway.policy.TestPrincipals.SUPABASE_CUSTOMER_7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.gateway.auth.Principal;
import org.junit.jupiter.api.Test;

/** Client broadcast and presence rights of the default policy and of policy files, and their mistakes. */
class ChannelRightsTest {
    private static final Policy POLICY = Policy.defaults();

    private static ChannelRights rights(Principal principal, String channel) {
        return POLICY.accessFor(principal).channelRights(channel);
    }

    @Test
    void shouldLetNobodyButTheServiceRoleBroadcastOnTheEventChannels() {
        assertThat(rights(ANON, "restaurant:42:deals")).isEqualTo(ChannelRights.NONE);
        assertThat(rights(ANON, "deals").any()).isFalse();
        assertThat(rights(CUSTOMER_7, "restaurant:42:deals").broadcastWrite()).isFalse();
        assertThat(rights(STAFF_42, "restaurant:42:deals").broadcastWrite()).isFalse();
        ChannelRights service = rights(SERVICE, "restaurant:42:deals");
        assertThat(service.broadcastRead() && service.broadcastWrite() && service.presenceRead() && service.presenceWrite())
                .isTrue();
        assertThat(service.presenceKeys()).as("any key").isNull();
    }

    @Test
    void shouldLetCustomersTrackOnlyUnderTheirOwnIdWhereStaffSeeThem() {
        ChannelRights customer = rights(CUSTOMER_7, "restaurant:42:deals");
        assertThat(customer.presenceWrite()).isTrue();
        assertThat(customer.presenceRead()).as("customers do not see each other").isFalse();
        assertThat(customer.presenceKeyRefusal("7")).isEmpty();
        assertThat(customer.presenceKeyRefusal("8")).get().asString().contains("'8'");
        assertThat(customer.onlyPresenceKey()).contains("7");
        assertThat(rights(SUPABASE_CUSTOMER_7, "restaurant:42:deals").onlyPresenceKey()).contains("7");

        ChannelRights staff = rights(STAFF_42, "restaurant:42:deals");
        assertThat(staff.presenceRead()).isTrue();
        assertThat(staff.presenceWrite()).isFalse();
        assertThat(rights(STAFF_42, "restaurant:43:deals").presenceRead()).as("another restaurant's").isFalse();
    }

    @Test
    void shouldGiveStaffABroadcastRoomOfTheirOwnRestaurantsOnly() {
        ChannelRights room = rights(STAFF_42, "restaurant:44:staff");
        assertThat(room.broadcastRead() && room.broadcastWrite() && room.presenceRead() && room.presenceWrite()).isTrue();
        assertThat(rights(STAFF_42, "restaurant:43:staff").any()).isFalse();
        assertThat(rights(CUSTOMER_7, "restaurant:42:staff").any()).isFalse();
    }

    @Test
    void shouldReadRightsFromAPolicyFileAndRefuseMistakes() {
        Policy policy = Policy.parse("""
                rules:
                  - name: chat
                    roles: [customer]
                    channels:
                      - channel: "room:*"
                        broadcast: [read]
                        presence: [read, write]
                        presence_key: [a, b]
                """, "t");
        ChannelRights rights = policy.accessFor(CUSTOMER_7).channelRights("room:1");
        assertThat(rights.broadcastRead()).isTrue();
        assertThat(rights.broadcastWrite()).isFalse();
        assertThat(rights.presenceKeys()).containsExactlyInAnyOrder("a", "b");
        assertThat(rights.onlyPresenceKey()).isEmpty();

        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    channels:\n"
                + "      - channel: x\n        presense: [read]", "t")).hasMessageContaining("unknown field 'presense'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    channels:\n"
                + "      - channel: x\n        broadcast: [send]", "t")).hasMessageContaining("unknown broadcast action 'send'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    channels:\n"
                + "      - channel: x\n        presence: [read]\n        presence_key: $sub", "t"))
                .hasMessageContaining("needs presence: [write]");
    }
}
