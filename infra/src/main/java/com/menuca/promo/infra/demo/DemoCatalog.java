package com.menuca.promo.infra.demo;

import java.util.List;

/** The words demo data is made of: tag names and deal title templates. */
final class DemoCatalog {
    private DemoCatalog() {
    }

    static final List<String> TAGS = List.of(
            "Pizza", "Sushi", "Burgers", "Vegan", "Vegetarian", "Gluten Free", "Halal", "Kosher", "Thai",
            "Indian", "Mexican", "Chinese", "Italian", "Greek", "Lebanese", "Korean", "Vietnamese", "Breakfast",
            "Brunch", "Desserts", "Coffee", "Bubble Tea", "Healthy", "Salads", "Seafood", "Steakhouse",
            "Late Night", "Family Meals", "Lunch Specials", "Free Delivery", "New", "Local Favourite");

    static final List<String> DEAL_TITLES = List.of(
            "Happy hour %d%% off", "Lunch special: %d%% off mains", "Weekend family bundle", "Two-for-one Tuesdays",
            "Free delivery over $25", "Student night %d%% off", "Early bird breakfast deal", "Late night munchies",
            "Game day wings bundle", "New customer welcome %d%% off", "Flash sale: %d%% off everything",
            "Combo meal saver", "Dessert on us", "Party platter discount", "Rainy day comfort food");

    static final List<String> COUPON_WORDS = List.of(
            "SAVE", "WELCOME", "LUNCH", "FEAST", "FLASH", "HAPPY", "WEEKEND", "SUMMER", "WINTER", "FRIDAY", "TREAT",
            "FAMILY", "STUDENT", "EARLY", "LATE");
}
