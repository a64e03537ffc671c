package io.urumi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.urumi.error.PlatformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewStoreTest {

    @Test
    void aValidRequestKeepsItsValuesAndTrimsTheEmail() {
        NewStore store = NewStore.validate("my-shop", "WooCommerce", " owner@example.com ");
        assertEquals("my-shop", store.name());
        assertEquals(Engine.WOOCOMMERCE, store.engine());
        assertEquals("owner@example.com", store.adminEmail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"My-Shop", "my_shop", "-shop", "shop-", "1shop", "sh", "a234567890123456789012345678901",
            "shop.one", "<script>", "shop\u0000x", "shöp", "shop one"})
    void namesThatAreNotShortDnsLabelsAreRefusedNamingTheField(String name) {
        PlatformException e = assertThrows(PlatformException.class,
                () -> NewStore.validate(name, "woocommerce", "a@example.com"));
        assertEquals("name", e.field());
        assertEquals(PlatformException.Kind.INVALID, e.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "kube-anything", "admin", "new", "urumi-x"})
    void reservedNamesAreRefused(String name) {
        PlatformException e = assertThrows(PlatformException.class,
                () -> NewStore.validate(name, "woocommerce", "a@example.com"));
        assertEquals("name", e.field());
    }

    @Test
    void theLongestAllowedNameFitsEveryDerivedKubernetesName() {
        String name = "a" + "b".repeat(NewStore.MAX_NAME_LENGTH - 1);
        NewStore.validate(name, "woocommerce", "a@example.com");
        assertEquals(true, ("urumi-" + name + "-wordpress-0123456789-abcde").length() <= 63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shopify", "", " ", "wordpress"})
    void unknownEnginesAreRefusedListingTheChoices(String engine) {
        PlatformException e = assertThrows(PlatformException.class,
                () -> NewStore.validate("my-shop", engine, "a@example.com"));
        assertEquals("engine", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "owner", "owner@", "@example.com", "owner@example", "a b@example.com",
            "<b>x</b>@example.com", "owner@exa\nmple.com", "jos\u00e9@example.com", "owner@-example.com"})
    void malformedEmailsAreRefused(String email) {
        PlatformException e = assertThrows(PlatformException.class,
                () -> NewStore.validate("my-shop", "woocommerce", email));
        assertEquals("adminEmail", e.field());
    }

    @Test
    void aMissingEmailIsRefused() {
        PlatformException e = assertThrows(PlatformException.class,
                () -> NewStore.validate("my-shop", "woocommerce", null));
        assertEquals("adminEmail", e.field());
    }
}
