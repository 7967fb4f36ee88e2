using Awards.Domain;
using Awards.Web;
using Awards.Web.Api;

namespace Awards.UnitTests;

[TestClass]
public sealed class JsonBodyTests
{
    [TestMethod]
    public void An_unreadable_enum_field_is_answered_with_its_allowed_values()
    {
        Assert.AreEqual("use one of \"vi\", \"en\".", JsonBody.Expected(typeof(KeyApi.IssueKeyRequest), "$.language"));
        Assert.AreEqual("use one of \"organiser\", \"nominator\".", JsonBody.Expected(typeof(KeyApi.IssueKeyRequest), "$.role"));
    }

    [TestMethod]
    public void Nested_and_listed_fields_are_followed_to_what_they_take()
    {
        Assert.AreEqual("use one of \"vi\", \"en\".", JsonBody.Expected(typeof(Campaign), "$.stages[0].approvers[1].language"));
        Assert.AreEqual("use text.", JsonBody.Expected(typeof(Campaign), "$.stages[0].code"));
        Assert.AreEqual("use a list.", JsonBody.Expected(typeof(Campaign), "$.stages"));
        Assert.AreEqual("use true or false.", JsonBody.Expected(typeof(Campaign), "$.confirmDecisionsByCode"));
        Assert.AreEqual("the value is not one this field accepts.", JsonBody.Expected(typeof(Campaign), "$.noSuchField"));
    }
}
