using System.Xml.Linq;
using Awards.Domain;
using Awards.Security;
using Awards.Web.Pages.Organise;

namespace Awards.UnitTests;

/// <summary>The dashboard's SVG chart as the server draws it, and the key rules the units page shares with <c>POST /api/keys</c>.</summary>
[TestClass]
public sealed class OrganiseDashboardUnitTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [TestMethod]
    public async Task A_chart_is_an_svg_image_with_a_title_and_every_number_and_bars_scaled_to_the_largest()
    {
        var html = await TestPages.Renderer.RenderAsync<DashboardChart>(Language.Vi, new Dictionary<string, object?>
        {
            [nameof(DashboardChart.Id)] = "c",
            [nameof(DashboardChart.Title)] = "Số hồ sơ theo trạng thái",
            [nameof(DashboardChart.Bars)] = new List<DashboardChart.Bar> { new("Đang thẩm định", 40, "in-review"), new("Được khen thưởng", 10, "awarded"), new("Bị thu hồi", 0, "revoked") },
        });
        Assert.DoesNotContain("style=", html, "the pages' policy allows no style attribute");
        var svg = XElement.Parse(html.Replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", StringComparison.Ordinal)).Element(Svg + "svg")!;
        Assert.AreEqual("img", (string?)svg.Attribute("role"));
        Assert.AreEqual("c-title", (string?)svg.Attribute("aria-labelledby"));
        Assert.AreEqual("Số hồ sơ theo trạng thái", svg.Element(Svg + "title")!.Value);
        Assert.AreEqual("Đang thẩm định: 40; Được khen thưởng: 10; Bị thu hồi: 0", svg.Element(Svg + "desc")!.Value);
        var widths = svg.Elements(Svg + "g").Select(g => double.Parse((string)g.Element(Svg + "rect")!.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.AreEqual(330, widths[0], "the largest bar fills the bar area");
        Assert.AreEqual(82.5, widths[1], 0.01, "a quarter of the largest");
        Assert.AreEqual(1, widths[2], "a zero still shows where its bar would start");
    }

    [TestMethod]
    public void The_key_rules_name_each_field_in_error()
    {
        Assert.IsEmpty(KeyIssuing.Check(Role.Nominator, "thi-dua@congan.phuyen.example.vn", "Công an tỉnh Phú Yên", "PY"));
        Assert.IsEmpty(KeyIssuing.Check(Role.Organiser, "ban-thi-dua@mttq.example.vn", null, null), "an organiser key names no unit");
        var errors = KeyIssuing.Check(Role.Nominator, "khong-phai-dia-chi", "  ", "P Y");
        CollectionAssert.AreEquivalent(new[] { "email", "unitName", "provinceCode" }, errors.Keys.ToArray());
        Assert.AreEqual(KeyFieldError.Email, KeyIssuing.Check(Role.Nominator, new string('a', 250) + "@x.vn", "Đơn vị", "PY")["email"], "longer than 254 characters");
        Assert.AreEqual(KeyFieldError.UnitName, KeyIssuing.Check(Role.Nominator, "a@x.vn", new string('đ', 201), "PY")["unitName"]);
        Assert.AreEqual(KeyFieldError.Role, KeyIssuing.Check(null, "a@x.vn", null, null)["role"]);
    }
}
